using System.Globalization;
using System.Text;

namespace ClinicApp.Features.Export;

/// <summary>The export's CSV dialect, the same for every table so that a spreadsheet or a script reads
/// all of them alike: RFC 4180 (comma separator, CRLF line ends, a field quoted when it holds a comma,
/// a quote, a CR or LF, with its quotes doubled), invariant culture (decimal point, no thousands
/// separator), dates as ISO 8601 in UTC with a Z, booleans true/false, empty for null.</summary>
public static class ExportCsv
{
    /// <summary>UTF-8 with a byte order mark: without it Excel (still what most clinics open a CSV with)
    /// reads the file in the machine's ANSI code page and shows "JoÃ£o" for "João"; every other reader
    /// skips the BOM.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public const string NewLine = "\r\n";

    /// <summary>One value as CSV text (not yet quoted).</summary>
    public static string Format(object? value) => value switch
    {
        null or DBNull => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        // Every DateTime of the model is UTC (ModelConventions.StoreDateTimesAsUtc): a value read back
        // as Unspecified is still UTC, never the server's local time.
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        byte[] bytes => Convert.ToBase64String(bytes),
        Enum member => member.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The field as written: quoted (quotes doubled) when it holds a separator, a quote or a line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    /// <summary>Reads CSV text written by <see cref="Line"/> back into rows of fields (RFC 4180: quoted
    /// fields may span lines). The export does not need it; the tests and any tool of ours that reads an
    /// export back do.</summary>
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
