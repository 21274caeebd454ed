using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile.Signing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>The e-file's signature as poppler, OpenSSL and .NET's own CMS reader see it (SPEC §2.5, issue 5 point 4).</summary>
public sealed class SignatureTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    private const string ContentTypeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";

    public static TheoryData<string> Keys => ["ecdsa", "rsa"];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Pdfsig_reports_a_valid_trusted_signature_over_the_total_document(string key)
    {
        var pdf = (await Renderer(key).RenderRecordsAsync(Samples.Content(12))).Pdf;

        var report = fixture.PdfSig(pdf).Output;

        report.Should().Contain("Signature is Valid.").And.Contain("Certificate is Trusted.").And.Contain("Total document signed")
            .And.Contain("Signature Type: ETSI.CAdES.detached").And.Contain("Signing Hash Algorithm: SHA-256")
            .And.Contain("Signer Certificate Common Name: " + DevelopmentIssuer.CommonName)
            .And.Contain("Signing Time: Feb 23 2023 09:57:12", "the CMS signingTime is the made-at time (UTC in pdfsig's zone)");
    }

    [Fact]
    public async Task One_changed_byte_in_the_signed_range_is_a_digest_mismatch()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(12))).Pdf;
        fixture.PdfSig(pdf).Output.Should().Contain("Signature is Valid.");

        // The producer's name sits in the document information, a plain string in the first signed range.
        var at = Encoding.Latin1.GetString(pdf).IndexOf("PDFsharp", StringComparison.Ordinal);
        at.Should().BePositive();
        SignedPdf.ByteRange(pdf).Length1.Should().BeGreaterThan(at);
        var tampered = (byte[])pdf.Clone();
        tampered[at] = (byte)'Q';

        var report = fixture.PdfSig(tampered).Output;
        report.Should().Contain("Digest Mismatch").And.NotContain("Signature is Valid.");
    }

    [Fact]
    public async Task Bytes_appended_after_signing_leave_the_signature_valid_but_not_over_the_total_document()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(3))).Pdf;
        byte[] appended = [.. pdf, .. Encoding.ASCII.GetBytes("% an incremental update would start here\n")];

        var report = fixture.PdfSig(appended).Output;

        report.Should().Contain("Signature is Valid.").And.NotContain("Total document signed");
    }

    [Fact]
    public async Task The_cms_carries_the_four_signed_attributes_of_pades_baseline_b()
    {
        var content = Samples.Content(5);
        var pdf = (await fixture.Renderer.RenderRecordsAsync(content)).Pdf;

        var cms = new SignedCms(new ContentInfo(SignedPdf.SignedBytes(pdf)), detached: true);
        cms.Decode(SignedPdf.Cms(pdf));
        cms.CheckSignature(verifySignatureOnly: true);

        var signer = cms.SignerInfos.Cast<SignerInfo>().Should().ContainSingle().Subject;
        signer.DigestAlgorithm.Value.Should().Be(CadesSignature.Sha256Oid);
        signer.SignatureAlgorithm.Value.Should().Be("1.2.840.10045.4.3.2", "ecdsa-with-SHA256");
        signer.Certificate!.RawData.Should().Equal(fixture.Issuer.Certificate.RawData);
        cms.Certificates.Should().ContainSingle("only the signer's certificate is embedded");
        signer.UnsignedAttributes.Count.Should().Be(0);
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().ToDictionary(a => a.Oid.Value!);
        attributes.Keys.Should().BeEquivalentTo([ContentTypeOid, MessageDigestOid, SigningTimeOid, CadesSignature.SigningCertificateV2Oid]);

        var signingTime = new Pkcs9SigningTime(attributes[SigningTimeOid].Values[0].RawData).SigningTime;
        signingTime.Should().Be(content.Issue.MadeAt.UtcDateTime);
        var digest = new Pkcs9MessageDigest();
        digest.CopyFrom(attributes[MessageDigestOid].Values[0]);
        digest.MessageDigest.Should().Equal(SHA256.HashData(SignedPdf.SignedBytes(pdf)));
        attributes[CadesSignature.SigningCertificateV2Oid].Values[0].RawData
            .Should().Equal(CadesSignature.SigningCertificateV2(fixture.Issuer.Certificate).RawData);
        var essCertId = new System.Formats.Asn1.AsnReader(attributes[CadesSignature.SigningCertificateV2Oid].Values[0].RawData, System.Formats.Asn1.AsnEncodingRules.DER)
            .ReadSequence().ReadSequence().ReadSequence();
        essCertId.ReadOctetString().Should().Equal(fixture.Issuer.Certificate.GetCertHash(HashAlgorithmName.SHA256));
        essCertId.HasData.Should().BeFalse();
    }

    [Fact]
    public async Task Openssl_verifies_the_cms_over_the_signed_ranges()
    {
        var pdf = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(5))).Pdf;
        using var tools = new Tools();

        var run = Tools.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-noverify",
            "-in", tools.Write("sig.der", SignedPdf.Cms(pdf)), "-content", tools.Write("ranges.bin", SignedPdf.SignedBytes(pdf)), "-out", "/dev/null");

        run.ExitCode.Should().Be(0, run.All);
        run.All.Should().Contain("Verification successful");
    }

    [Fact]
    public async Task The_signature_dictionary_names_cades_and_the_made_at_time_in_china()
    {
        var latin = Encoding.Latin1.GetString((await fixture.Renderer.RenderRecordsAsync(Samples.Content(2))).Pdf);

        latin.Should().Contain("/SubFilter/ETSI.CAdES.detached").And.NotContain("adbe.pkcs7");
        latin.Should().Contain("/M(D:20230223175712+08'00')", "made at 09:57:12 UTC, 17:57:12 in China; never the wall clock");
    }

    [Fact]
    public async Task The_seal_is_the_signature_widget_at_the_top_left_icon_and_text_still_reads()
    {
        var content = Samples.Content(12);
        var pdf = (await fixture.Renderer.RenderRecordsAsync(content)).Pdf;

        using (var document = PdfDocument.Open(pdf))
        {
            var page = document.GetPage(1);
            var widget = page.GetAnnotations().Should().ContainSingle(a => a.Type == AnnotationType.Widget).Subject;
            var box = Layout.EFilePage.SignatureBox;
            widget.Rectangle.Left.Should().BeApproximately(box.Left, 0.01);
            widget.Rectangle.Top.Should().BeApproximately(page.Height - box.Top, 0.01);
            widget.Rectangle.Width.Should().BeApproximately(72, 0.01);
            widget.Rectangle.Height.Should().BeApproximately(72, 0.01);
            var text = PdfFiles.Squeeze(page.Text);
            text.Should().Contain("出入境记录查询结果（电子文件）").And.Contain("编号：E230223377109").And.Contain(EFileText.Notes[0]);
        }

        PdfFiles.Squeeze(PdfFiles.Poppler("pdftotext", pdf)).Should().Contain("国家移民管理局出入境记录查询结果（电子文件）")
            .And.Contain("查询人姓名：买买提·艾力").And.Contain("制作日期：2023年02月23日17时57分");
        PdfFiles.Poppler("pdffonts", pdf).Should().NotContain("Verdana", "the default appearance's font is not asked for");
    }

    [Fact]
    public async Task The_reserved_room_is_one_trial_signature_plus_64_bytes_the_same_for_every_file()
    {
        var small = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(1))).Pdf;
        var large = (await fixture.Renderer.RenderRecordsAsync(Samples.Content(300))).Pdf;
        var rsa = (await fixture.RsaRenderer.RenderRecordsAsync(Samples.Content(1))).Pdf;

        var reserved = await CadesSignature.ReservedSizeAsync(fixture.Key, CancellationToken.None);
        var reservedRsa = await CadesSignature.ReservedSizeAsync(fixture.RsaKey, CancellationToken.None);
        SignedPdf.ReservedHexLength(small).Should().Be(2 * reserved).And.Be(SignedPdf.ReservedHexLength(large));
        SignedPdf.Cms(small).Length.Should().BeInRange(reserved - 70, reserved - 58);
        reserved.Should().BeLessThan(1200, "an ECDSA P-256 CMS is about 1 KB");
        reservedRsa.Should().BeGreaterThan(reserved + 500, "an RSA-3072 CMS is about 2 KB");
        SignedPdf.ReservedHexLength(rsa).Should().Be(2 * reservedRsa);
    }

    [Fact]
    public async Task A_key_held_elsewhere_signs_only_the_digest_of_the_signed_attributes()
    {
        // As with Key Vault: the process has the public certificate; the private key signs a digest it is sent.
        // A new issuer, so that its trial signature (once per certificate and process) happens here.
        using var remote = new RemoteKey(DevelopmentIssuer.Create(TimeProvider.System).Certificate);
        var renderer = new SignedRenderer(remote);

        var first = (await renderer.RenderRecordsAsync(Samples.Content(4))).Pdf;
        var second = (await renderer.RenderRecordsAsync(Samples.Content(5))).Pdf;

        foreach (var pdf in new[] { first, second })
        {
            fixture.PdfSig(pdf).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed")
                .And.Contain("Certificate Validation: Certificate issuer isn't Trusted.", "this issuer is not in the NSS database");
        }

        remote.Digests.Should().HaveCount(3, "one trial signature for the reserved size, then one per file")
            .And.AllSatisfy(d => d.Should().HaveCount(32));
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_fails_instead_of_making_a_bad_file()
    {
        using var other = DevelopmentIssuer.Create(TimeProvider.System).Certificate.GetECDsaPrivateKey()!;
        var mismatched = new MismatchedKey(fixture.Issuer.Certificate, other);
        var renderer = new SignedRenderer(mismatched);

        var render = () => renderer.RenderRecordsAsync(Samples.Content(1));

        await render.Should().ThrowAsync<CryptographicException>();
    }

    [Fact]
    public void The_subfilter_patch_wants_exactly_one_occurrence()
    {
        var one = Encoding.ASCII.GetBytes("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/M(x)>>");
        PdfSigner.PatchSubFilter(one);
        Encoding.ASCII.GetString(one).Should().Be("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M(x)>>");

        var none = Encoding.ASCII.GetBytes("<</Type/Sig>>");
        var two = Encoding.ASCII.GetBytes("/SubFilter/adbe.pkcs7.detached /SubFilter/adbe.pkcs7.detached");
        FluentActions.Invoking(() => PdfSigner.PatchSubFilter(none)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => PdfSigner.PatchSubFilter(two)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Signed_renders_on_many_threads_all_verify()
    {
        var contents = Enumerable.Range(0, 6).Select(i => Samples.Content(10 + i)).ToArray();

        var files = (await Task.WhenAll(contents.Select(c => Task.Run(() => fixture.Renderer.RenderRecordsAsync(c))))).Select(r => r.Pdf);

        foreach (var pdf in files)
        {
            fixture.PdfSig(pdf).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        }
    }

    private SignedRenderer Renderer(string key) => key == "rsa" ? fixture.RsaRenderer : fixture.Renderer;

    /// <summary>A public certificate in this process and a private key "elsewhere", reached only through SignDigestAsync.</summary>
    private sealed class RemoteKey : IEFileSigningKey, IDisposable
    {
        private readonly ECDsa privateKey;

        public RemoteKey(X509Certificate2 withKey)
        {
            privateKey = withKey.GetECDsaPrivateKey()!;
            Certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
            Certificate.HasPrivateKey.Should().BeFalse();
        }

        public X509Certificate2 Certificate { get; }

        public List<byte[]> Digests { get; } = [];

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
        {
            hashAlgorithm.Should().Be(HashAlgorithmName.SHA256);
            lock (Digests)
            {
                Digests.Add(digest.ToArray());
            }

            return Task.FromResult(privateKey.SignHash(digest.ToArray()));
        }


        public void Dispose()
        {
            privateKey.Dispose();
            Certificate.Dispose();
        }
    }

    private sealed class MismatchedKey(X509Certificate2 certificate, ECDsa wrong) : IEFileSigningKey
    {
        public X509Certificate2 Certificate { get; } = X509CertificateLoader.LoadCertificate(certificate.RawData);

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
            Task.FromResult(wrong.SignHash(digest.ToArray()));

    }
}
