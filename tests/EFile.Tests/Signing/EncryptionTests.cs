using System.Diagnostics;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using Xunit.Abstractions;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>Emailed e-files: signed, then AES-256 encrypted with the citizen's password (SPEC §2.5, issue 5 point 5).</summary>
public sealed class EncryptionTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private const string Password = "Lj7mQ2xe9Kp";

    [Fact]
    public async Task Qpdf_shows_aes_256_revision_6_and_refuses_to_decrypt_without_the_password()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12), EFileProtection.WithPassword(Password))).Pdf;
        using var tools = new Tools();
        var path = tools.Write("emailed.pdf", pdf);

        var shown = Tools.Run("qpdf", "--show-encryption", "--password=" + Password, path);
        shown.ExitCode.Should().Be(0, shown.All);
        shown.Output.Should().Contain("R = 6").And.Contain("Supplied password is user password")
            .And.Contain("stream encryption method: AESv3").And.Contain("string encryption method: AESv3");

        var refused = Tools.Run("qpdf", "--decrypt", path, Path.Combine(tools.Folder, "out.pdf"));
        refused.ExitCode.Should().Be(2, refused.All);
        refused.All.Should().Contain("invalid password");

        var wrong = Tools.Run("qpdf", "--decrypt", "--password=Wrong1234", path, Path.Combine(tools.Folder, "out.pdf"));
        wrong.ExitCode.Should().Be(2, wrong.All);
    }

    [Fact]
    public async Task Pdfsig_validates_the_signature_with_the_password_and_not_without()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12), EFileProtection.WithPassword(Password))).Pdf;

        fixture.PdfSig(pdf, "-upw", Password).Output.Should().Contain("Signature is Valid.").And.Contain("Certificate is Trusted.")
            .And.Contain("Total document signed").And.Contain("ETSI.CAdES.detached");
        fixture.PdfSig(pdf).Output.Should().NotContain("Signature is Valid.");
    }

    [Fact]
    public async Task PdfPig_reads_the_text_with_the_password_only()
    {
        var content = Samples.Content(12);
        var pdf = (await fixture.Renderer.RenderRecordsAsync(content, EFileProtection.WithPassword(Password))).Pdf;

        using (var document = PdfDocument.Open(pdf, new ParsingOptions { Password = Password }))
        {
            var text = PdfFiles.Squeeze(document.GetPage(1).Text);
            text.Should().Contain("出入境记录查询结果（电子文件）").And.Contain("公民身份号码：" + content.Holder.IdNumber.Value)
                .And.Contain(content.Crossings[^1].DocumentNumber).And.Contain("制作日期：2023年02月23日17时57分");
        }

        FluentActions.Invoking(() => PdfDocument.Open(pdf).GetPage(1).Text).Should().Throw<PdfDocumentEncryptedException>();
    }

    [Fact]
    public async Task The_owner_password_comes_from_the_random_source_and_is_not_the_citizens()
    {
        var random = new FixedRandom(0x5A);
        var renderer = new SignedRenderer(fixture.Key, random);
        var owner = new FixedRandom(0x5A).NextId(24);
        var pdf = (await renderer.RenderRecordsAsync(Samples.Content(2), EFileProtection.WithPassword(Password))).Pdf;
        using var tools = new Tools();
        var path = tools.Write("emailed.pdf", pdf);

        var run = Tools.Run("qpdf", "--show-encryption", "--password=" + owner, path);

        run.Output.Should().Contain("Supplied password is owner password");
        owner.Should().HaveLength(32).And.NotBe(Password);
        Tools.Run("qpdf", "--show-encryption", "--password=" + Password, path).Output
            .Should().Contain("modify anything: not allowed").And.Contain("print high resolution: allowed").And.Contain("extract for any purpose: allowed");
    }

    [Fact]
    public async Task Downloads_are_signed_but_not_encrypted()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(3), EFileProtection.None)).Pdf;
        using var tools = new Tools();

        Tools.Run("qpdf", "--show-encryption", tools.Write("download.pdf", pdf)).Output.Should().Contain("File is not encrypted");
        fixture.PdfSig(pdf).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        EFileProtection.WithPassword(Password).ToString().Should().NotContain(Password);
    }

    [Fact]
    public async Task Ten_years_of_daily_crossings_sign_and_encrypt_in_one_go()
    {
        var content = Samples.Content(7300);
        await fixture.Renderer.RenderRecordsAsync(Samples.Content(50), EFileProtection.WithPassword(Password));

        var watch = Stopwatch.StartNew();
        var rendered = await fixture.Renderer.RenderRecordsAsync(content, EFileProtection.WithPassword(Password));
        var elapsed = watch.Elapsed;

        output.WriteLine($"7,300 rows signed + encrypted: {rendered.Pages} pages, {rendered.Pdf.Length / 1024} KB, {elapsed.TotalMilliseconds:F0} ms (Debug build, second render in this process)");
        rendered.Pdf.Length.Should().BeLessThan(700 * 1024);
        fixture.PdfSig(rendered.Pdf, "-upw", Password).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        using var document = PdfDocument.Open(rendered.Pdf, new ParsingOptions { Password = Password });
        document.NumberOfPages.Should().Be(rendered.Pages);
        PdfFiles.Squeeze(document.GetPage(rendered.Pages).Text).Should().Contain($"第{rendered.Pages}页共{rendered.Pages}页");
    }

    /// <summary>Every byte the same: owner passwords become predictable.</summary>
    private sealed class FixedRandom(byte value) : ISecureRandom
    {
        public int NextInt(int toExclusive) => value % toExclusive;

        public void Fill(Span<byte> buffer) => buffer.Fill(value);
    }
}
