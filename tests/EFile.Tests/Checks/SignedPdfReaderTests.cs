using System.Globalization;
using System.Text;
using EntryExit.Core.EFileChecks;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile.Checks;
using EntryExit.EFile.Signing;
using EntryExit.EFile.Tests.Signing;

namespace EntryExit.EFile.Tests.Checks;

/// <summary>
/// What the e-file check reads from an uploaded PDF (SPEC §2.6, issue 6): the first signature checked over its byte
/// range, whether that range is the whole file, and the number from the revision that was signed.
/// </summary>
public sealed class SignedPdfReaderTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    private const string Password = "Lj7mQ2xe9Kp";
    private static readonly string Number = Samples.Content(1).Issue.Number.Value;

    private readonly SignedPdfReader reader = new();

    [Theory]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public async Task A_signed_e_file_is_intact_over_the_whole_file_with_its_signer_time_and_number(string key)
    {
        var (renderer, issuer) = key == "ecdsa" ? (fixture.Renderer, fixture.Issuer) : (fixture.RsaRenderer, fixture.RsaIssuer);
        var content = Samples.Content(12);
        var pdf = (await renderer.RenderRecordsAsync(content)).Pdf;

        var reading = reader.Read(pdf, null);

        reading.Outcome.Should().Be(SignedPdfOutcome.Read);
        reading.Subject.Should().Be(Number);
        var signature = reading.Signature!;
        signature.Intact.Should().BeTrue();
        signature.CoversWholeFile.Should().BeTrue();
        signature.Signer!.RawData.Should().Equal(issuer.Certificate.RawData);
        signature.SignedAt.Should().Be(content.Issue.MadeAt);
    }

    [Fact]
    public async Task The_issuances_e_file_reads_alike()
    {
        var content = new IssuancesEFileContent(
            new EFileIssue(ReportNumber.Create(Samples.Today, 42), Samples.Today, new DateTimeOffset(2023, 2, 23, 9, 57, 12, TimeSpan.Zero), "ABCDEFGHJK", new Uri("https://verify.example.cn/x")),
            Samples.Content(1).Holder,
            []);

        var reading = reader.Read((await fixture.Renderer.RenderIssuancesAsync(content)).Pdf, null);

        reading.Subject.Should().Be("E230223000042");
        reading.Signature.Should().Match<PdfSignatureFacts>(s => s.Intact && s.CoversWholeFile);
    }

    [Fact]
    public async Task An_encrypted_e_file_wants_its_password_for_the_number_and_then_reads_like_a_download()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12), EFileProtection.WithPassword(Password))).Pdf;

        reader.Read(pdf, null).Outcome.Should().Be(SignedPdfOutcome.PasswordRequired);
        reader.Read(pdf, "Wrong1234").Outcome.Should().Be(SignedPdfOutcome.PasswordWrong);
        var reading = reader.Read(pdf, Password);

        reading.Outcome.Should().Be(SignedPdfOutcome.Read);
        reading.Subject.Should().Be(Number, "the /Subject string is AES-256 encrypted and decrypts with the file key");
        reading.Signature.Should().Match<PdfSignatureFacts>(s => s.Intact && s.CoversWholeFile, "/Contents is never encrypted");
    }

    [Fact]
    public async Task The_owner_password_opens_too_and_an_empty_user_password_needs_none()
    {
        // The owner password of an e-file is random and thrown away; with a known one, it opens like the user's.
        var random = new FixedRandom(0x5A);
        var owner = new FixedRandom(0x5A).NextId(24);
        var pdf = (await new SignedRenderer(fixture.Key, random).RenderRecordsAsync(Samples.Content(2), EFileProtection.WithPassword(Password))).Pdf;
        reader.Read(pdf, owner).Subject.Should().Be(Number);

        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        document.Info.Subject = Number;
        document.SecuritySettings.OwnerPassword = "owner-only-restrictions";
        document.SecurityHandler.SetEncryptionToV5();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);

        var restricted = reader.Read(output.ToArray(), null);
        restricted.Outcome.Should().Be(SignedPdfOutcome.Read);
        restricted.Subject.Should().Be(Number);
        restricted.Signature.Should().BeNull();
    }

    [Fact]
    public async Task One_changed_byte_in_the_signed_range_breaks_the_signature()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12))).Pdf;
        var at = Encoding.Latin1.GetString(pdf).IndexOf("PDFsharp", StringComparison.Ordinal);
        pdf[at] = (byte)'Q';

        var signature = reader.Read(pdf, null).Signature!;

        signature.Intact.Should().BeFalse();
        signature.CoversWholeFile.Should().BeFalse();
        signature.Signer.Should().NotBeNull("the CMS itself is untouched and still names its signer");
    }

    [Fact]
    public async Task One_changed_byte_in_the_cms_breaks_the_signature()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(3))).Pdf;
        var cmsLength = SignedPdf.Cms(pdf).Length;
        var (_, length1, _, _) = SignedPdf.ByteRange(pdf);

        // The last hex digit pair of the DER: the end of the signature value.
        var at = (int)length1 + 1 + (2 * cmsLength) - 1;
        pdf[at] = pdf[at] == (byte)'0' ? (byte)'1' : (byte)'0';

        reader.Read(pdf, null).Signature!.Intact.Should().BeFalse();
    }

    [Fact]
    public async Task Bytes_appended_after_signing_leave_the_signature_intact_but_not_over_the_whole_file()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(3))).Pdf;
        byte[] appended = [.. pdf, .. "% an incremental update would start here\n"u8];

        var reading = reader.Read(appended, null);

        reading.Signature!.Intact.Should().BeTrue();
        reading.Signature.CoversWholeFile.Should().BeFalse();
        reading.Subject.Should().Be(Number);
    }

    [Fact]
    public async Task An_incremental_update_that_renumbers_the_file_does_not_change_the_number_read()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(3))).Pdf;
        var updated = IncrementalUpdate(pdf, "E991231000001");
        PdfFiles.Poppler("pdfinfo", updated).Should().Contain("E991231000001", "readers show the updated subject");

        var reading = reader.Read(updated, null);

        reading.Subject.Should().Be(Number, "the number comes from the revision the signature covers");
        reading.Signature!.Intact.Should().BeTrue();
        reading.Signature.CoversWholeFile.Should().BeFalse();
    }

    [Fact]
    public async Task An_unsigned_pdf_has_no_signature_but_its_number()
    {
        var pdf = (await new EFileRenderer(new SystemSecureRandom()).RenderRecordsAsync(Samples.Content(2))).Pdf;

        var reading = reader.Read(pdf, null);

        reading.Outcome.Should().Be(SignedPdfOutcome.Read);
        reading.Signature.Should().BeNull();
        reading.Subject.Should().Be(Number);
    }

    [Fact]
    public async Task A_second_signature_means_the_first_no_longer_covers_the_whole_file()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(2))).Pdf;
        byte[] twice = [.. pdf, .. "\n9 0 obj <</Type/Sig/ByteRange[0 1 3 1]/Contents<00>>> endobj\n"u8];

        reader.Read(twice, null).Signature!.CoversWholeFile.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    [InlineData("{\"not\":\"a pdf\"}")]
    public async Task Anything_without_a_pdf_header_is_not_a_pdf(string body)
    {
        reader.Read(Encoding.UTF8.GetBytes(body), null).Outcome.Should().Be(SignedPdfOutcome.NotAPdf);
    }

    [Fact]
    public async Task A_header_after_some_junk_is_still_a_pdf()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(2))).Pdf;
        byte[] prefixed = [.. Encoding.ASCII.GetBytes(new string('x', 500)), .. pdf];

        var reading = reader.Read(prefixed, null);

        reading.Outcome.Should().Be(SignedPdfOutcome.Read);
        reading.Signature!.Intact.Should().BeFalse("the byte range now points 500 bytes too early");
    }

    [Fact]
    public async Task Truncated_and_scrambled_files_are_read_without_throwing()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(4))).Pdf;
        var encrypted = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(4), EFileProtection.WithPassword(Password))).Pdf;
        var random = new Random(20230223);

        foreach (var source in new[] { pdf, encrypted })
        {
            for (var i = 0; i < 60; i++)
            {
                var cut = source[..random.Next(6, source.Length)];
                var scrambled = (byte[])source.Clone();
                for (var j = 0; j < 20; j++)
                {
                    scrambled[random.Next(scrambled.Length)] = (byte)random.Next(256);
                }

                // Scrambled bytes may land anywhere (a header, the encryption dictionary): any answer but an exception.
                _ = reader.Read(scrambled, Password);
                (reader.Read(cut, Password).Signature?.CoversWholeFile ?? false).Should().BeFalse("a cut file lacks part of the signed range");
            }
        }
    }

    [Fact]
    public void A_pdf_with_nothing_after_the_header_reads_as_having_nothing()
    {
        var reading = reader.Read("%PDF-1.7\n/ByteRange [0 5 x] (unclosed"u8.ToArray(), null);

        reading.Outcome.Should().Be(SignedPdfOutcome.Read);
        reading.Signature.Should().Match<PdfSignatureFacts>(s => !s.Intact && !s.CoversWholeFile && s.Signer == null);
        reading.Subject.Should().BeNull();
    }

    /// <summary>A classic incremental update: a new Info object with another /Subject, its xref section and a trailer with /Prev.</summary>
    internal static byte[] IncrementalUpdate(byte[] pdf, string subject)
    {
        var latin = Encoding.Latin1.GetString(pdf);
        var startXref = int.Parse(latin[(latin.LastIndexOf("startxref", StringComparison.Ordinal) + 9)..].Trim().Split('\n')[0], CultureInfo.InvariantCulture);
        var trailer = latin[latin.LastIndexOf("trailer", StringComparison.Ordinal)..];
        var size = int.Parse(System.Text.RegularExpressions.Regex.Match(trailer, @"/Size (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var root = System.Text.RegularExpressions.Regex.Match(trailer, @"/Root (\d+ \d+ R)").Groups[1].Value;

        var update = new StringBuilder("\n");
        var infoAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"{size} 0 obj\n<</Subject({subject})/Producer(an editor)>>\nendobj\n");
        var xrefAt = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"xref\n{size} 1\n{infoAt:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {size + 1}/Root {root}/Info {size} 0 R/Prev {startXref}>>\nstartxref\n{xrefAt}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    private sealed class FixedRandom(byte value) : ISecureRandom
    {
        public int NextInt(int toExclusive) => value % toExclusive;

        public void Fill(Span<byte> buffer) => buffer.Fill(value);
    }
}
