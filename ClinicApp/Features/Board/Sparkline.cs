using System.Globalization;
using System.Text;

namespace ClinicApp.Features.Board;

/// <summary>The points of a small inline SVG trend line (a polyline), cheap enough for hundreds of cards.</summary>
public static class Sparkline
{
    /// <summary>"x,y x,y …" scaled into a <paramref name="width"/>×<paramref name="height"/> box (y grows down);
    /// empty with fewer than two values; a flat series is drawn across the middle.</summary>
    public static string Points(IReadOnlyList<decimal> values, int width = 80, int height = 20, int pad = 2)
    {
        if (values.Count < 2)
        {
            return "";
        }

        var min = values.Min();
        var max = values.Max();
        var span = max - min;
        var step = (decimal)(width - (2 * pad)) / (values.Count - 1);
        var inner = height - (2 * pad);
        var points = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            var x = pad + (i * step);
            var y = span == 0 ? height / 2m : pad + ((max - values[i]) / span * inner);
            if (i > 0)
            {
                points.Append(' ');
            }

            points.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
        }

        return points.ToString();
    }
}
