using SkiaSharp;

namespace ClinicApp.Infrastructure.Pdf;

public enum PdfAlign
{
    Left,
    Center,
    Right,
}

/// <summary>A table column: header text, share of the width (relative weight) and alignment.</summary>
public sealed record PdfColumn(string Header, float Weight, PdfAlign Align = PdfAlign.Left);

/// <summary>What every page carries: the hospital at the top, "Page X of Y" at the bottom.</summary>
public sealed record PdfPageFrame(string Title, string? Subtitle, Func<int, int, string> Footer);

/// <summary>A small document composer over SkiaSharp's PDF backend: A4 pages with margins, the
/// embedded Roboto font, a header and footer on every page, word-wrapped paragraphs, key–value blocks
/// and tables whose header row repeats on each page. Blocks are laid out first (so the page count is
/// known for the footer), then drawn.</summary>
public sealed class PdfComposer(PdfPageFrame frame)
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    public const float Margin = 42f;
    public const float BodySize = 10f;

    private const float HeaderHeight = 48f;
    private const float FooterHeight = 24f;
    private const float CellPadding = 4f;

    private static readonly SKColor Ink = new(0x21, 0x21, 0x21);
    private static readonly SKColor Muted = new(0x75, 0x75, 0x75);
    private static readonly SKColor Rule = new(0xBD, 0xBD, 0xBD);
    private static readonly SKColor Shade = new(0xEE, 0xEE, 0xEE);

    private readonly List<Action<Layout>> _blocks = [];

    public static float ContentWidth => PageWidth - (2 * Margin);

    /// <summary>Word-wrapped text.</summary>
    public PdfComposer Text(string text, float size = BodySize, bool bold = false, PdfAlign align = PdfAlign.Left, float spaceAfter = 6f)
    {
        _blocks.Add(layout =>
        {
            var font = PdfFonts.Get(bold, size);
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                var height = LineHeight(size);
                layout.Reserve(height);
                layout.Add(new TextOp(AlignX(Margin, ContentWidth, font, line, align), layout.Y + Baseline(size), line, bold, size, Ink));
                layout.Y += height;
            }

            layout.Y += spaceAfter;
        });
        return this;
    }

    /// <summary>Labels in bold on the left, values wrapped on the right; a pair never splits across pages.</summary>
    public PdfComposer KeyValues(IEnumerable<(string Key, string Value)> pairs, float keyShare = 0.3f, float spaceAfter = 8f)
    {
        var list = pairs.ToList();
        _blocks.Add(layout =>
        {
            var keyWidth = ContentWidth * keyShare;
            var valueWidth = ContentWidth - keyWidth;
            var bold = PdfFonts.Get(true, BodySize);
            var regular = PdfFonts.Get(false, BodySize);
            foreach (var (key, value) in list)
            {
                var keyLines = Wrap(key, bold, keyWidth - CellPadding);
                var valueLines = Wrap(value, regular, valueWidth);
                var height = Math.Max(keyLines.Count, valueLines.Count) * LineHeight(BodySize);
                layout.Reserve(height);
                Lines(layout, keyLines, Margin, layout.Y, keyWidth, PdfAlign.Left, bold: true, BodySize, Muted);
                Lines(layout, valueLines, Margin + keyWidth, layout.Y, valueWidth, PdfAlign.Left, bold: false, BodySize, Ink);
                layout.Y += height + 2f;
            }

            layout.Y += spaceAfter;
        });
        return this;
    }

    /// <summary>A table; cells wrap, a row never splits, and the header row is repeated at the top of
    /// every page the table continues on. Rows marked bold (totals) are drawn in bold.</summary>
    public PdfComposer Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, float spaceAfter = 10f)
    {
        var list = rows.ToList();
        _blocks.Add(layout =>
        {
            var total = columns.Sum(c => c.Weight);
            var widths = columns.Select(c => ContentWidth * c.Weight / total).ToArray();
            var headerCells = columns.Select(c => c.Header).ToList();
            var headerHeight = RowHeight(headerCells, widths, bold: true);

            void DrawHeader()
            {
                layout.Add(new RectOp(Margin, layout.Y, ContentWidth, headerHeight, Shade));
                DrawRow(layout, columns, widths, headerCells, bold: true);
                layout.Y += headerHeight;
            }

            layout.Reserve(headerHeight + (list.Count > 0 ? RowHeight(list[0], widths, false) : 0));
            DrawHeader();
            foreach (var row in list)
            {
                var height = RowHeight(row, widths, bold: false);
                if (layout.Reserve(height))
                {
                    DrawHeader();
                }

                DrawRow(layout, columns, widths, row, bold: false);
                layout.Y += height;
                layout.Add(new LineOp(Margin, layout.Y, Margin + ContentWidth, layout.Y, Rule));
            }

            layout.Y += spaceAfter;
        });
        return this;
    }

    /// <summary>A vector figure (a chart) of the content's width and <paramref name="height"/> points, drawn by
    /// <paramref name="draw"/> into the rectangle it is given on the page's canvas (paths and text stay vectors in the
    /// PDF, sharp at any zoom, and its text can be searched). Like a table row it never splits: a figure that does
    /// not fit on what is left of the page starts the next one.</summary>
    public PdfComposer Figure(float height, Action<SKCanvas, SKRect> draw, float spaceAfter = 8f)
    {
        _blocks.Add(layout =>
        {
            layout.Reserve(height);
            layout.Add(new FigureOp(SKRect.Create(Margin, layout.Y, ContentWidth, height), draw));
            layout.Y += height + spaceAfter;
        });
        return this;
    }

    /// <summary>Vertical space.</summary>
    public PdfComposer Space(float points)
    {
        _blocks.Add(layout => layout.Y += points);
        return this;
    }

    /// <summary>Lays the blocks out and returns the pages' count (the layout pass alone).</summary>
    public int CountPages() => LayOut().Count;

    public byte[] ToPdf()
    {
        using var stream = new MemoryStream();
        WritePdf(stream);
        return stream.ToArray();
    }

    public void WritePdf(Stream output)
    {
        var pages = LayOut();
        using var document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata
        {
            Title = frame.Title,
            Creator = "ClinicApp",
            Producer = "ClinicApp",
            RasterDpi = 72,
        });
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < pages.Count; i++)
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            DrawFrame(canvas, paint, i + 1, pages.Count);
            foreach (var op in pages[i])
            {
                op.Draw(canvas, paint);
            }

            document.EndPage();
        }

        document.Close();
    }

    /// <summary>Greedy word wrapping; a word wider than the line is broken between letters.</summary>
    public static IReadOnlyList<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var fit = 1;
                    while (fit < line.Length && font.MeasureText(line[..(fit + 1)]) <= width)
                    {
                        fit++;
                    }

                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static float LineHeight(float size) => size * 1.35f;

    private static float Baseline(float size) => size * 1.05f;

    private static float AlignX(float left, float width, SKFont font, string text, PdfAlign align) => align switch
    {
        PdfAlign.Right => left + width - font.MeasureText(text),
        PdfAlign.Center => left + ((width - font.MeasureText(text)) / 2),
        _ => left,
    };

    private static void Lines(Layout layout, IReadOnlyList<string> lines, float x, float y, float width, PdfAlign align, bool bold, float size, SKColor color)
    {
        var font = PdfFonts.Get(bold, size);
        for (var i = 0; i < lines.Count; i++)
        {
            layout.Add(new TextOp(AlignX(x, width, font, lines[i], align), y + (i * LineHeight(size)) + Baseline(size), lines[i], bold, size, color));
        }
    }

    private static float RowHeight(IReadOnlyList<string> cells, float[] widths, bool bold)
    {
        var font = PdfFonts.Get(bold, BodySize);
        var lines = 1;
        for (var c = 0; c < widths.Length; c++)
        {
            lines = Math.Max(lines, Wrap(c < cells.Count ? cells[c] : "", font, widths[c] - (2 * CellPadding)).Count);
        }

        return (lines * LineHeight(BodySize)) + (2 * CellPadding);
    }

    private static void DrawRow(Layout layout, IReadOnlyList<PdfColumn> columns, float[] widths, IReadOnlyList<string> cells, bool bold)
    {
        var font = PdfFonts.Get(bold, BodySize);
        var x = Margin;
        for (var c = 0; c < widths.Length; c++)
        {
            var lines = Wrap(c < cells.Count ? cells[c] : "", font, widths[c] - (2 * CellPadding));
            Lines(layout, lines, x + CellPadding, layout.Y + CellPadding, widths[c] - (2 * CellPadding), columns[c].Align, bold, BodySize, Ink);
            x += widths[c];
        }
    }

    private void DrawFrame(SKCanvas canvas, SKPaint paint, int page, int pages)
    {
        var title = PdfFonts.Get(true, 14f);
        paint.Color = Ink;
        canvas.DrawText(frame.Title, Margin, Margin + 14f, SKTextAlign.Left, title, paint);
        if (!string.IsNullOrWhiteSpace(frame.Subtitle))
        {
            paint.Color = Muted;
            canvas.DrawText(frame.Subtitle, Margin, Margin + 30f, SKTextAlign.Left, PdfFonts.Get(false, 9f), paint);
        }

        paint.Color = Rule;
        canvas.DrawLine(Margin, Margin + HeaderHeight - 10f, PageWidth - Margin, Margin + HeaderHeight - 10f, paint);
        paint.Color = Muted;
        canvas.DrawText(frame.Footer(page, pages), PageWidth / 2, PageHeight - Margin + 12f, SKTextAlign.Center, PdfFonts.Get(false, 8f), paint);
    }

    private List<List<DrawOp>> LayOut()
    {
        var layout = new Layout();
        foreach (var block in _blocks)
        {
            block(layout);
        }

        return layout.Pages;
    }

    /// <summary>The layout pass: positions on pages, a new page when the next piece does not fit.</summary>
    private sealed class Layout
    {
        private const float Top = Margin + HeaderHeight;
        private const float Bottom = PageHeight - Margin - FooterHeight;

        public Layout() => Pages.Add([]);

        public List<List<DrawOp>> Pages { get; } = [];

        public float Y { get; set; } = Top;

        public void Add(DrawOp op) => Pages[^1].Add(op);

        /// <summary>Makes room for <paramref name="height"/>; true when that took a new page.</summary>
        public bool Reserve(float height)
        {
            if (Y + height <= Bottom || Y <= Top)
            {
                return false;
            }

            Pages.Add([]);
            Y = Top;
            return true;
        }
    }

    private abstract record DrawOp
    {
        public abstract void Draw(SKCanvas canvas, SKPaint paint);
    }

    private sealed record TextOp(float X, float Y, string Text, bool Bold, float Size, SKColor Color) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKPaint paint)
        {
            if (Text.Length == 0)
            {
                return;
            }

            paint.Color = Color;
            paint.Style = SKPaintStyle.Fill;
            canvas.DrawText(Text, X, Y, SKTextAlign.Left, PdfFonts.Get(Bold, Size), paint);
        }
    }

    private sealed record LineOp(float X1, float Y1, float X2, float Y2, SKColor Color) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKPaint paint)
        {
            paint.Color = Color;
            paint.StrokeWidth = 0.5f;
            canvas.DrawLine(X1, Y1, X2, Y2, paint);
        }
    }

    private sealed record FigureOp(SKRect Bounds, Action<SKCanvas, SKRect> Drawing) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKPaint paint)
        {
            // The figure draws with its own paints; the clip keeps a careless one inside its rectangle.
            canvas.Save();
            canvas.ClipRect(Bounds);
            Drawing(canvas, Bounds);
            canvas.Restore();
        }
    }

    private sealed record RectOp(float X, float Y, float Width, float Height, SKColor Color) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKPaint paint)
        {
            paint.Color = Color;
            paint.Style = SKPaintStyle.Fill;
            canvas.DrawRect(X, Y, Width, Height, paint);
        }
    }
}

/// <summary>Roboto Regular and Bold, embedded in the assembly (Debian fonts-roboto-unhinted, Apache 2.0),
/// so documents look the same on every server. Typefaces and fonts are shared and never disposed.</summary>
public static class PdfFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("Roboto-Regular.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("Roboto-Bold.ttf"));
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool, float), SKFont> Fonts = new();

    public static SKFont Get(bool bold, float size) =>
        Fonts.GetOrAdd((bold, size), key => new SKFont(key.Item1 ? BoldFace.Value : RegularFace.Value, key.Item2) { Subpixel = true });

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"ClinicApp.Pdf.Fonts.{file}")
            ?? throw new InvalidOperationException($"Embedded font {file} is missing.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Embedded font {file} could not be read.");
    }
}
