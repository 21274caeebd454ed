using System.Globalization;
using System.IO.Compression;
using System.Text;
using EntryExit.Core.EFileChecks;
using EntryExit.EFile.Checks;
using EntryExit.EFile.Tests.Signing;

namespace EntryExit.EFile.Tests.Checks;

/// <summary>
/// The e-file check reads hostile uploads in linear time (issue 11): the work is counted, not timed — bytes visited
/// by every scan and parser stay within a constant times the file's size for files built to make a naive reader
/// quadratic, at every size; what goes over a limit is <see cref="SignedPdfOutcome.TooComplex"/>, never an exception.
/// </summary>
public sealed class PdfWorkBudgetTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    /// <summary>Visits per byte the reader may spend on any of these files; the budget allows twice as many.</summary>
    private const int K = 8;

    private static readonly int[] Sizes = [64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

    public static TheoryData<string> Adversarial => [.. Files.Keys];

    /// <summary>Each builds a file of about the size asked for.</summary>
    private static readonly Dictionary<string, Func<int, byte[]>> Files = new()
    {
        ["/ByteRange( runs"] = n => Repeat("%PDF-1.7\n", "/ByteRange(", "", n),
        ["/ByteRange% comment runs"] = n => Repeat("%PDF-1.7\n", "/ByteRange%", "", n),
        ["/ByteRange[ unclosed arrays of numbers"] = n => Repeat("%PDF-1.7\n", "/ByteRange[1 2 3 4 5 6 ", "", n),
        ["unbalanced literal strings in a trailer"] = n => Repeat("%PDF-1.7\n", "trailer<</Info(", "", n),
        ["unbalanced literal strings in the object the trailer names"] = n => Repeat("%PDF-1.7\n", "1 0 obj (", "\ntrailer<</Info 1 0 R>>\n", n),
        ["comment runs without an end of line"] = n => Repeat("%PDF-1.7\ntrailer<</Info 1 0 R/A ", "%", "", n),
        ["numbers each followed by a comment (reference look-ahead)"] = n => Repeat("%PDF-1.7\ntrailer<</A[", "1 %c\n", "]>>", n),
        ["startxref pointing at a cross-reference that ends in a string"] = n => Repeat("%PDF-1.7\n", "(", "\nxref\n0 1\n0000000000 65535 f \ntrailer<</Info(", n, "\nstartxref\n9\n%%EOF"),
        ["many cross-reference entries (up to the limit)"] = n => Xref(Math.Min(n / 20, PdfWorkBudget.MaxXrefEntries)),
        ["object headers that are almost the one looked for"] = n => Repeat("%PDF-1.7\n", "11 0 obj\n", "trailer<</Info 1 0 R>>\n", n),
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Work_grows_linearly_with_the_size_of_an_adversarial_file(string name)
    {
        foreach (var size in Sizes)
        {
            var pdf = Files[name](size);
            var budget = PdfWorkBudget.For(pdf.Length);

            var reading = SignedPdfReader.Read(pdf, null, budget);

            reading.Outcome.Should().Be(SignedPdfOutcome.Read, $"{name} of {pdf.Length} bytes is within its budget");
            budget.BytesVisited.Should().BeLessThanOrEqualTo((long)K * pdf.Length, $"{name} of {pdf.Length} bytes");
        }
    }

    [Theory]
    [InlineData("%PDF-1.7\ntrailer<</A ", "[")]
    [InlineData("%PDF-1.7\ntrailer<</A ", "<</A ")]
    [InlineData("%PDF-1.7\n/ByteRange", "[")]
    public void Deep_nesting_is_too_complex_and_found_out_early(string prefix, string open)
    {
        foreach (var size in Sizes)
        {
            var pdf = Repeat(prefix, open, "", size);
            var budget = PdfWorkBudget.For(pdf.Length);

            SignedPdfReader.Read(pdf, null, budget).Outcome.Should().Be(SignedPdfOutcome.TooComplex);
            budget.DeepestNesting.Should().Be(PdfWorkBudget.MaxDepth + 1);
            budget.BytesVisited.Should().BeLessThanOrEqualTo((long)K * pdf.Length);
        }
    }

    [Fact]
    public void More_cross_reference_entries_than_any_e_file_has_is_too_complex()
    {
        var atLimit = Xref(PdfWorkBudget.MaxXrefEntries);
        var budget = PdfWorkBudget.For(atLimit.Length);

        SignedPdfReader.Read(atLimit, null, budget).Outcome.Should().Be(SignedPdfOutcome.Read);
        budget.XrefEntries.Should().Be(PdfWorkBudget.MaxXrefEntries);
        var overLimit = Xref(PdfWorkBudget.MaxXrefEntries + 1);
        SignedPdfReader.Read(overLimit, null, PdfWorkBudget.For(overLimit.Length)).Outcome.Should().Be(SignedPdfOutcome.TooComplex);
    }

    [Fact]
    public void A_decompression_bomb_is_never_inflated()
    {
        var pdf = Bomb(megabytesOfZeros: 200);
        var budget = PdfWorkBudget.For(pdf.Length);

        var reading = SignedPdfReader.Read(pdf, null, budget);

        reading.Subject.Should().Be("E261125123456", "the dictionary before the stream is read");
        budget.BytesVisited.Should().BeLessThanOrEqualTo((long)K * pdf.Length, $"{pdf.Length} bytes that inflate to 200 MB");
    }

    [Fact]
    public void A_cross_reference_count_larger_than_the_file_could_hold_is_not_believed()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nxref\n0 2000000000\n0000000000 65535 f \ntrailer<</Size 1>>\nstartxref\n9\n%%EOF");
        var budget = PdfWorkBudget.For(pdf.Length);

        SignedPdfReader.Read(pdf, null, budget).Outcome.Should().Be(SignedPdfOutcome.Read);
        budget.XrefEntries.Should().Be(0, "the count is checked against the file's size before any entry is read");
    }

    [Fact]
    public void More_objects_in_one_parse_than_the_limit_is_too_complex()
    {
        var pdf = Repeat("%PDF-1.7\ntrailer<</A[", "0 ", "]>>", (PdfWorkBudget.MaxObjects + 10) * 2);
        var budget = PdfWorkBudget.For(pdf.Length);

        SignedPdfReader.Read(pdf, null, budget).Outcome.Should().Be(SignedPdfOutcome.TooComplex);
        budget.ObjectsParsed.Should().Be(PdfWorkBudget.MaxObjects + 1);
    }

    [Fact]
    public async Task A_genuine_e_file_costs_a_few_visits_per_byte_and_a_budget_too_small_for_it_is_too_complex()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(400))).Pdf;
        var budget = PdfWorkBudget.For(pdf.Length);

        SignedPdfReader.Read(pdf, null, budget).Signature!.Intact.Should().BeTrue();
        budget.BytesVisited.Should().BeLessThanOrEqualTo((long)K * pdf.Length);

        SignedPdfReader.Read(pdf, null, new PdfWorkBudget(pdf.Length)).Outcome.Should().Be(SignedPdfOutcome.TooComplex,
            "the budget is spent on the signed bytes' hash as on every scan");
    }

    private static byte[] Repeat(string prefix, string unit, string suffix, int size, string tail = "")
    {
        var count = Math.Max(1, (size - prefix.Length - suffix.Length - tail.Length) / unit.Length);
        var text = new StringBuilder(size + unit.Length).Append(prefix).Insert(prefix.Length, unit, count).Append(suffix).Append(tail);
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>A classic cross-reference table of <paramref name="entries"/> entries, each 20 bytes as the standard writes them.</summary>
    private static byte[] Xref(int entries)
    {
        var text = new StringBuilder("%PDF-1.7\n");
        var at = text.Length;
        text.Append(CultureInfo.InvariantCulture, $"xref\n0 {entries}\n").Insert(text.Length, "0000000009 00000 n \n", entries);
        text.Append(CultureInfo.InvariantCulture, $"trailer<</Size {entries}/Info 1 0 R>>\nstartxref\n{at}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A FlateDecode stream of zeros that inflates to about a thousand times its size, in the object the trailer names.</summary>
    private static byte[] Bomb(int megabytesOfZeros)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < megabytesOfZeros; i++)
            {
                deflate.Write(zeros);
            }
        }

        var head = Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj\n<</Length {compressed.Length}/Filter/FlateDecode/Subject(E261125123456)>>stream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer<</Info 1 0 R>>\n%%EOF\n");
        return [.. head, .. compressed.ToArray(), .. tail];
    }
}
