using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace EntryExit.EFile.Tests;

/// <summary>Reads rendered e-files back with real readers: PdfPig in process, poppler's tools as processes.</summary>
internal static partial class PdfFiles
{
    public static string[] PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => Squeeze(page.Text)).ToArray();
    }

    /// <summary>Text without any whitespace: readers disagree on spaces and line ends, never on the characters.</summary>
    public static string Squeeze(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Runs a poppler tool on the PDF, written to a temporary file, and returns its standard output.</summary>
    public static string Poppler(string tool, byte[] pdf, params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"efile-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(path);
            if (tool == "pdftotext")
            {
                start.ArgumentList.Add("-");
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, $"{tool} failed: {error.Result}");
            return output.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A region of a page rendered by pdftoppm in grey (0 black, 255 white), at <paramref name="dpi"/>; the region is
    /// given in points from the page's top-left corner.
    /// </summary>
    public static GreyImage RenderGrey(byte[] pdf, int page, int dpi, double left, double top, double width, double height)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"efile-ppm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "file.pdf");
            File.WriteAllBytes(path, pdf);
            static string Pixels(double points, int dpi) => ((int)Math.Round(points * dpi / 72)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "-gray", "-singlefile", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-x", Pixels(left, dpi), "-y", Pixels(top, dpi), "-W", Pixels(width, dpi), "-H", Pixels(height, dpi),
                path, Path.Combine(folder, "out"),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, $"pdftoppm failed: {error}");
            return GreyImage.ReadPgm(File.ReadAllBytes(Path.Combine(folder, "out.pgm")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string[] XmpUuids(byte[] pdf) =>
        XmpUuid().Matches(Encoding.Latin1.GetString(pdf)).Select(match => match.Value).ToArray();

    /// <summary>The file with the XMP UUIDs zeroed; they sit in an uncompressed stream, so lengths stay the same.</summary>
    public static byte[] BlankXmpUuids(byte[] pdf) =>
        Encoding.Latin1.GetBytes(XmpUuid().Replace(Encoding.Latin1.GetString(pdf), "uuid:00000000-0000-0000-0000-000000000000"));

    [GeneratedRegex("uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex XmpUuid();
}

/// <summary>A grey image: one byte a pixel, rows top to bottom.</summary>
internal sealed record GreyImage(int Width, int Height, byte[] Pixels)
{
    public bool IsInk(int x, int y) => Pixels[(y * Width) + x] < 128;

    public int InkCount()
    {
        var count = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                count += IsInk(x, y) ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>Whether there is ink within <paramref name="radius"/> pixels of (x, y).</summary>
    public bool InkNear(int x, int y, int radius)
    {
        for (var j = Math.Max(0, y - radius); j <= Math.Min(Height - 1, y + radius); j++)
        {
            for (var i = Math.Max(0, x - radius); i <= Math.Min(Width - 1, x + radius); i++)
            {
                if (IsInk(i, j))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads a binary PGM (P5, maximum 255) as pdftoppm writes it.</summary>
    public static GreyImage ReadPgm(byte[] file)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(file, start, position - start);
        }

        Token().Should().Be("P5");
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Token().Should().Be("255");
        position++; // the single whitespace before the pixels
        return new GreyImage(width, height, file.AsSpan(position, width * height).ToArray());
    }
}
