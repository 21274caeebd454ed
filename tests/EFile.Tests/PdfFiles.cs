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

    public static string[] XmpUuids(byte[] pdf) =>
        XmpUuid().Matches(Encoding.Latin1.GetString(pdf)).Select(match => match.Value).ToArray();

    /// <summary>The file with the XMP UUIDs zeroed; they sit in an uncompressed stream, so lengths stay the same.</summary>
    public static byte[] BlankXmpUuids(byte[] pdf) =>
        Encoding.Latin1.GetBytes(XmpUuid().Replace(Encoding.Latin1.GetString(pdf), "uuid:00000000-0000-0000-0000-000000000000"));

    [GeneratedRegex("uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex XmpUuid();
}
