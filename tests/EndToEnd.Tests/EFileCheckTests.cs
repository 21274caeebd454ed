using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuer;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile;
using EntryExit.EFile.Signing;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Third parties check e-files (SPEC §2.6, issue 6): the issuer certificate, an uploaded PDF, and number + code — over
/// HTTP against the development host, with e-files made by the real pipeline.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class EFileCheckTests(StackFixture stack)
{
    internal const string EmailPassword = "Verify2026x";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly ConditionalWeakTable<StackFixture, Task<IssuedEFile>> Downloads = [];
    private static readonly ConditionalWeakTable<StackFixture, Task<IssuedEFile>> Emailed = [];

    [Fact]
    public async Task The_issuer_certificate_downloads_as_pem_or_der_or_reads_as_json_and_is_the_certificate_that_signs_e_files()
    {
        using var pem = await stack.Http.GetAsync("/api/certificates/issuer");
        using var pemExplicit = await stack.Http.GetAsync("/api/certificates/issuer?format=pem");
        using var der = await stack.Http.GetAsync("/api/certificates/issuer?format=der");

        pem.StatusCode.Should().Be(HttpStatusCode.OK);
        pem.Content.Headers.ContentType!.MediaType.Should().Be("application/x-pem-file");
        pem.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        pem.Content.Headers.ContentDisposition.FileName.Should().Be("issuer.pem");
        (await pemExplicit.Content.ReadAsByteArrayAsync()).Should().Equal(await pem.Content.ReadAsByteArrayAsync());
        der.StatusCode.Should().Be(HttpStatusCode.OK);
        der.Content.Headers.ContentType!.MediaType.Should().Be("application/pkix-cert");
        der.Content.Headers.ContentDisposition!.FileName.Should().Be("issuer.cer");

        var pemText = await pem.Content.ReadAsStringAsync();
        pemText.Should().StartWith("-----BEGIN CERTIFICATE-----").And.EndWith("-----END CERTIFICATE-----\n");
        var derBytes = await der.Content.ReadAsByteArrayAsync();
        using var fromPem = X509Certificate2.CreateFromPem(pemText);
        fromPem.RawData.Should().Equal(derBytes);
        fromPem.RawData.Should().Equal((await stack.Host.Services.GetRequiredService<IEFileSigningKeyProvider>().GetSigningKeyAsync(CancellationToken.None)).Certificate.RawData);
        fromPem.HasPrivateKey.Should().BeFalse();
        fromPem.GetNameInfo(X509NameType.SimpleName, false).Should().Be(DevelopmentIssuer.CommonName);

        // What the verification page shows beside its links: the name and the fingerprint a person compares.
        using var json = await stack.Http.GetAsync("/api/certificates/issuer?format=json");
        json.StatusCode.Should().Be(HttpStatusCode.OK);
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var summary = await json.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("subject").GetString().Should().Be(DevelopmentIssuer.CommonName);
        summary.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(derBytes)));
        summary.GetProperty("pem").GetString().Should().Be(pemText);
        DateTimeOffset.Parse(summary.GetProperty("notAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(new DateTimeOffset(fromPem.NotAfter.ToUniversalTime(), TimeSpan.Zero));

        using var bad = await stack.Http.GetAsync("/api/certificates/issuer?format=p12");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("invalid_format");
        problem.GetProperty("errors").TryGetProperty("format", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_downloaded_e_file_verifies_in_every_respect_and_the_answer_holds_nothing_personal()
    {
        var issued = await DownloadedAsync();

        var (status, body, text) = await CheckAsync(issued.Pdf);

        status.Should().Be(HttpStatusCode.OK, text);
        body.EnumerateObject().Select(p => p.Name).Should().Equal(
            "signatureValid", "unaltered", "signedByIssuer", "signedBy", "signerCertificateSha256", "signedAt", "number", "known", "matchesRecord");
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue();
        body.GetProperty("unaltered").GetBoolean().Should().BeTrue();
        body.GetProperty("signedByIssuer").GetBoolean().Should().BeTrue();
        body.GetProperty("signedBy").GetString().Should().Be(DevelopmentIssuer.CommonName);
        body.GetProperty("signerCertificateSha256").GetString().Should().Be(await IssuerSha256Async());
        body.GetProperty("signedAt").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$");
        body.GetProperty("number").GetString().Should().Be(issued.Number);
        body.GetProperty("known").GetBoolean().Should().BeTrue();
        body.GetProperty("matchesRecord").GetBoolean().Should().BeTrue();
        text.Should().NotContain(issued.Person.Name).And.NotContain(issued.Person.IdNumber).And.NotContain(issued.Person.IdNumber[..14]);

        // The signing time is the made-at time the issuer recorded.
        var (_, recorded, _) = await LookupAsync(issued.Number, issued.Code, NewClient());
        body.GetProperty("signedAt").GetString().Should().Be(recorded.GetProperty("madeAt").GetString());
    }

    [Fact]
    public async Task One_changed_byte_in_the_signed_range_makes_the_signature_invalid()
    {
        var issued = await DownloadedAsync();
        var tampered = (byte[])issued.Pdf.Clone();
        var at = Encoding.Latin1.GetString(tampered).IndexOf("PDFsharp", StringComparison.Ordinal);
        at.Should().BePositive();
        tampered[at] = (byte)'Q';

        var (status, body, text) = await CheckAsync(tampered);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeFalse();
        body.GetProperty("unaltered").GetBoolean().Should().BeFalse();
        body.GetProperty("signedByIssuer").GetBoolean().Should().BeTrue("the CMS still names our certificate; it just does not match the bytes");
        body.GetProperty("number").GetString().Should().Be(issued.Number);
        body.GetProperty("known").GetBoolean().Should().BeFalse("a broken signature is not our issuer's, and only those are compared with the record");
        body.GetProperty("matchesRecord").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_incremental_update_appended_after_the_signature_makes_the_file_altered()
    {
        var issued = await DownloadedAsync();
        var updated = IncrementalUpdate(issued.Pdf, "E991231000001");

        var (status, body, text) = await CheckAsync(updated);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue("the signed bytes are untouched");
        body.GetProperty("unaltered").GetBoolean().Should().BeFalse("bytes follow the signed range");
        body.GetProperty("number").GetString().Should().Be(issued.Number, "the number is read from the revision that was signed");
        body.GetProperty("known").GetBoolean().Should().BeTrue();
        body.GetProperty("matchesRecord").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_e_file_signed_with_another_certificate_is_not_ours_even_under_the_same_name()
    {
        var issued = await DownloadedAsync();
        var (forged, forger) = await ForgeAsync(issued);

        var (status, body, text) = await CheckAsync(forged);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeFalse("signatureValid means intact and made with one of our certificates");
        body.GetProperty("signedByIssuer").GetBoolean().Should().BeFalse();
        body.GetProperty("signedBy").GetString().Should().Be(DevelopmentIssuer.CommonName, "a forger may copy the name");
        body.GetProperty("signerCertificateSha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(forger.RawData)))
            .And.NotBe(await IssuerSha256Async());
        body.GetProperty("unaltered").GetBoolean().Should().BeTrue("the forger's own signature does cover the whole file");
        body.GetProperty("number").GetString().Should().Be(issued.Number);
        body.GetProperty("known").GetBoolean().Should().BeFalse("a forger cannot probe which numbers were issued");
        body.GetProperty("matchesRecord").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_certificate_that_signed_e_files_before_a_rotation_is_still_ours()
    {
        // The app signed with this certificate once: the recording provider put it in the history when it was first used.
        var earlier = DevelopmentIssuer.Create(TimeProvider.System);
        using var earlierKey = X509SigningKey.FromPkcs12(earlier.Pkcs12);
        var history = stack.Host.Services.GetRequiredService<IIssuerCertificateHistory>();
        var beforeRotation = new RecordingSigningKeyProvider(earlierKey, history, TimeProvider.System);
        var pdf = (await Renderer().RenderRecordsAsync(Content(NeverIssued(), TestPerson.Create("周芷若")), await beforeRotation.GetSigningKeyAsync(CancellationToken.None))).Pdf;
        (await history.FindAsync(IssuerCertificateFingerprint.Sha256(earlier.Certificate), CancellationToken.None)).Should().Equal(earlier.Certificate.RawData);

        var (status, body, text) = await CheckAsync(pdf);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue();
        body.GetProperty("signedByIssuer").GetBoolean().Should().BeTrue();
        body.GetProperty("signerCertificateSha256").GetString().Should().NotBe(await IssuerSha256Async(), "it is not the current certificate");
    }

    [Fact]
    public async Task A_pdf_signed_with_our_certificate_whose_number_was_never_issued_is_unknown()
    {
        // Genuine-looking in every way the file can show: our signer, intact, whole — but no such e-file was made.
        var number = NeverIssued();
        var key = stack.Host.Services.GetRequiredService<IEFileSigningKeyProvider>();
        var pdf = (await Renderer().RenderRecordsAsync(Content(number, TestPerson.Create("张无忌")), await key.GetSigningKeyAsync(CancellationToken.None))).Pdf;

        var (status, body, text) = await CheckAsync(pdf);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue();
        body.GetProperty("unaltered").GetBoolean().Should().BeTrue();
        body.GetProperty("number").GetString().Should().Be(number);
        body.GetProperty("known").GetBoolean().Should().BeFalse();
        body.GetProperty("matchesRecord").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_unsigned_pdf_naming_a_real_number_is_not_told_the_number_is_known()
    {
        var issued = await DownloadedAsync();
        var unsigned = Encoding.Latin1.GetBytes(UnsignedPdf(issued.Number));

        var (status, body, text) = await CheckAsync(unsigned);

        status.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeFalse();
        body.GetProperty("number").GetString().Should().Be(issued.Number, "the number is what the file says");
        body.GetProperty("known").GetBoolean().Should().BeFalse("an unsigned file cannot probe which numbers were issued");
        body.GetProperty("matchesRecord").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task An_emailed_e_file_is_checked_with_its_password_and_not_without()
    {
        var issued = await EmailedAsync();

        var (missing, missingBody, _) = await CheckAsync(issued.Pdf);
        var (wrong, wrongBody, _) = await CheckAsync(issued.Pdf, "Wrong2026x");
        var (right, body, text) = await CheckAsync(issued.Pdf, EmailPassword);

        missing.Should().Be(HttpStatusCode.BadRequest);
        missingBody.GetProperty("code").GetString().Should().Be("pdf_password_required");
        wrong.Should().Be(HttpStatusCode.BadRequest);
        wrongBody.GetProperty("code").GetString().Should().Be("pdf_password_wrong");
        right.Should().Be(HttpStatusCode.OK, text);
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue();
        body.GetProperty("unaltered").GetBoolean().Should().BeTrue();
        body.GetProperty("number").GetString().Should().Be(issued.Number);
        body.GetProperty("known").GetBoolean().Should().BeTrue();
        body.GetProperty("matchesRecord").GetBoolean().Should().BeTrue("the recorded SHA-256 is of the encrypted file that was emailed");
    }

    [Fact]
    public async Task Not_a_pdf_is_400_and_more_than_20_MB_is_413()
    {
        var (status, body, _) = await CheckAsync("{\"hello\":\"world\"}"u8.ToArray());
        status.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().Should().Be("not_a_pdf");

        var (empty, emptyBody, _) = await CheckAsync([]);
        empty.Should().Be(HttpStatusCode.BadRequest);
        emptyBody.GetProperty("code").GetString().Should().Be("not_a_pdf");

        var large = new byte[(20 * 1024 * 1024) + 1];
        "%PDF-1.7\n"u8.CopyTo(large);
        var (tooLarge, tooLargeBody, _) = await CheckAsync(large);
        tooLarge.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        tooLargeBody.GetProperty("code").GetString().Should().Be("payload_too_large");

        // Without a Content-Length (chunked), the body is cut off as soon as it passes the limit.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/document") { Content = new StreamContent(new UnknownLengthStream(large)) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await stack.Http.SendAsync(chunked);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("payload_too_large");
    }

    [Fact]
    public async Task Pdfsig_trusts_a_downloaded_e_file_with_the_issuer_certificate_from_the_api()
    {
        var issued = await DownloadedAsync();
        var folder = Directory.CreateTempSubdirectory("efile-check-").FullName;
        try
        {
            var pdf = Path.Combine(folder, $"{issued.Number}.pdf");
            await File.WriteAllBytesAsync(pdf, issued.Pdf);
            var certificate = Path.Combine(folder, "issuer.pem");
            await File.WriteAllBytesAsync(certificate, await stack.Http.GetByteArrayAsync("/api/certificates/issuer?format=pem"));
            var nss = "sql:" + Path.Combine(folder, "nss");
            Directory.CreateDirectory(Path.Combine(folder, "nss"));

            // Without the issuer in the database the signature is valid but its certificate is not trusted.
            Run("certutil", "-N", "-d", nss, "--empty-password").ExitCode.Should().Be(0);
            Run("pdfsig", "-nssdir", nss, pdf).Output.Should().Contain("Signature is Valid.").And.NotContain("Certificate is Trusted.");

            var added = Run("certutil", "-A", "-n", "entry-exit-issuer", "-t", ",C,", "-i", certificate, "-d", nss);
            added.ExitCode.Should().Be(0, added.Error);
            var report = Run("pdfsig", "-nssdir", nss, pdf).Output;

            report.Should().Contain("Signature is Valid.").And.Contain("Certificate is Trusted.").And.Contain("Total document signed")
                .And.Contain("Signer Certificate Common Name: " + DevelopmentIssuer.CommonName);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Number_and_code_show_the_record_and_anything_else_is_the_same_404()
    {
        var issued = await DownloadedAsync();
        var client = NewClient();

        var (status, body, text) = await LookupAsync(issued.Number, issued.Code, client);

        status.Should().Be(HttpStatusCode.OK, text);
        body.EnumerateObject().Select(p => p.Name).Should().Equal("known", "kind", "language", "madeAt", "pages", "sha256");
        body.GetProperty("known").GetBoolean().Should().BeTrue();
        body.GetProperty("kind").GetString().Should().Be("records");
        body.GetProperty("language").GetString().Should().Be("zh", "a report without a language is Chinese");
        body.GetProperty("madeAt").GetString().Should().EndWith("+08:00");
        body.GetProperty("pages").GetInt32().Should().Be(issued.Pages);
        body.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(issued.Pdf)));
        (await LookupAsync(issued.Number, issued.Code.ToLowerInvariant(), client)).Status.Should().Be(HttpStatusCode.OK, "people type codes in either case");

        var wrongCode = await RawLookupAsync($"/api/verifications/document/{issued.Number}?code={OtherCode(issued.Code)}", client);
        var unknownNumber = await RawLookupAsync($"/api/verifications/document/{NeverIssued()}?code={issued.Code}", client);
        var noCode = await RawLookupAsync($"/api/verifications/document/{issued.Number}", client);
        var notANumber = await RawLookupAsync($"/api/verifications/document/not-a-number?code={issued.Code}", client);

        foreach (var (responseStatus, bytes) in new[] { wrongCode, unknownNumber, noCode, notANumber })
        {
            responseStatus.Should().Be(HttpStatusCode.NotFound);
            bytes.Should().Equal(wrongCode.Body, "a wrong code and an unknown number are answered alike, byte for byte");
        }

        JsonDocument.Parse(wrongCode.Body).RootElement.GetProperty("code").GetString().Should().Be("report_not_found");
    }

    [Fact]
    public async Task Thirty_failed_look_ups_from_one_address_lock_it_out_for_a_while()
    {
        var issued = await DownloadedAsync();
        var client = NewClient();
        for (var i = 0; i < 29; i++)
        {
            (await RawLookupAsync($"/api/verifications/document/{issued.Number}?code={OtherCode(issued.Code)}", client)).Status.Should().Be(HttpStatusCode.NotFound);
        }

        (await LookupAsync(issued.Number, issued.Code, client)).Status.Should().Be(HttpStatusCode.OK, "29 failures are still under the limit");
        (await RawLookupAsync($"/api/verifications/document/{NeverIssued()}?code={issued.Code}", client)).Status.Should().Be(HttpStatusCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/verifications/document/{issued.Number}?code={issued.Code}");
        request.Headers.Add("X-Forwarded-For", client);
        using var locked = await stack.Http.SendAsync(request);

        locked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the 30th failure locks the address, even for the right code");
        locked.Headers.RetryAfter!.Delta.Should().BePositive();
        var problem = await locked.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("lookup_locked");
        problem.GetProperty("retryAfter").GetInt32().Should().BeInRange(3500, 3600);
        (await LookupAsync(issued.Number, issued.Code, NewClient())).Status.Should().Be(HttpStatusCode.OK, "other addresses are not affected");
    }

    /// <summary>A classic incremental update: a new document information object with another /Subject, its xref section and a trailer with /Prev.</summary>
    internal static byte[] IncrementalUpdate(byte[] pdf, string subject)
    {
        var latin = Encoding.Latin1.GetString(pdf);
        var startXref = int.Parse(StartXref().Match(latin[latin.LastIndexOf("startxref", StringComparison.Ordinal)..]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var trailer = latin[latin.LastIndexOf("trailer", StringComparison.Ordinal)..];
        var size = int.Parse(TrailerSize().Match(trailer).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var root = TrailerRoot().Match(trailer).Groups[1].Value;

        var update = new StringBuilder("\n");
        var infoAt = pdf.Length + update.Length;
        update.Append(System.Globalization.CultureInfo.InvariantCulture, $"{size} 0 obj\n<</Subject({subject})/Producer(an editor)>>\nendobj\n");
        var xrefAt = pdf.Length + update.Length;
        update.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n{size} 1\n{infoAt:D10} 00000 n \n");
        update.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<</Size {size + 1}/Root {root}/Info {size} 0 R/Prev {startXref}>>\nstartxref\n{xrefAt}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    /// <summary>A minimal, well-formed PDF with a document information /Subject and no signature.</summary>
    private static string UnsignedPdf(string subject)
    {
        var body = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        foreach (var obj in new[] { "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[]/Count 0>>", $"<</Subject({subject})>>" })
        {
            offsets.Add(body.Length);
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{obj}\nendobj\n");
        }

        var xrefAt = body.Length;
        body.Append("xref\n0 4\n0000000000 65535 f \n");
        offsets.ForEach(o => body.Append(System.Globalization.CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n"));
        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<</Size 4/Root 1 0 R/Info 3 0 R>>\nstartxref\n{xrefAt}\n%%EOF\n");
        return body.ToString();
    }

    private Task<IssuedEFile> DownloadedAsync() => Downloads.GetValue(stack, s => IssueAsync(s, "download")).WaitAsync(TimeSpan.FromMinutes(3));

    private Task<IssuedEFile> EmailedAsync() => Emailed.GetValue(stack, s => IssueAsync(s, "email")).WaitAsync(TimeSpan.FromMinutes(3));

    /// <summary>A person of the test's own requests a records e-file and receives it, as a download or by email.</summary>
    internal static async Task<IssuedEFile> IssueAsync(StackFixture stack, string delivery)
    {
        var person = TestPerson.Create("欧阳锋");
        var trips = TestCrossing.RecentTrips();
        await stack.ImportAsync([person.PersonLine(), .. trips.Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var recipient = $"checker-{Guid.NewGuid():N}@example.test";
        object body = delivery == "download"
            ? new { kind = "records", range = "1y", delivery }
            : new { kind = "records", range = "1y", delivery, email = recipient, password = EmailPassword };
        var (number, report) = await stack.RequestReportAsync(token, body, delivery == "download" ? "ready" : "sent", Patience);

        byte[] pdf;
        if (delivery == "download")
        {
            using var plain = new HttpClient();
            pdf = await plain.GetByteArrayAsync(new Uri(report.GetProperty("downloadUrl").GetString()!));
        }
        else
        {
            var summary = await stack.Smtp.WaitForMessageAsync(m => m.To.Contains(recipient), Patience);
            var message = await stack.Smtp.GetMimeMessageAsync(summary.Id);
            var attachment = message.Attachments.OfType<MimeKit.MimePart>().Single();
            using var stream = new MemoryStream();
            await attachment.Content!.DecodeToAsync(stream);
            pdf = stream.ToArray();
        }

        using var document = delivery == "download" ? PdfDocument.Open(pdf) : PdfDocument.Open(pdf, new ParsingOptions { Password = EmailPassword });
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        var code = PrintedCode().Match(text).Groups[1].Value;
        code.Should().HaveLength(10, "the verification code is printed on the e-file");
        return new IssuedEFile(person, number, code, pdf, report.GetProperty("pages").GetInt32());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> CheckAsync(byte[] pdf, string? password = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/document") { Content = new ByteArrayContent(pdf) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        if (password is not null)
        {
            request.Headers.Add("X-Pdf-Password", password);
        }

        using var response = await stack.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> LookupAsync(string number, string code, string client)
    {
        var (status, bytes) = await RawLookupAsync($"/api/verifications/document/{number}?code={Uri.EscapeDataString(code)}", client);
        var text = Encoding.UTF8.GetString(bytes);
        return (status, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> RawLookupAsync(string path, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await stack.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<string> IssuerSha256Async() =>
        Convert.ToHexStringLower(SHA256.HashData(await stack.Http.GetByteArrayAsync("/api/certificates/issuer?format=der")));

    /// <summary>A content like the pipeline's, under <paramref name="number"/>.</summary>
    internal static RecordsEFileContent Content(string number, TestPerson person)
    {
        ReportNumber.TryParse(number, out var reportNumber).Should().BeTrue();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        PersonName.TryParse(person.Name, out var name).Should().BeTrue();
        ResidentIdNumber.TryParse(person.IdNumber, today, out var idNumber).Should().BeTrue();
        return new RecordsEFileContent(
            new EFileIssue(reportNumber, today, DateTimeOffset.UtcNow, "ABCDEFGHJK", new Uri($"http://127.0.0.1:7071/verify?n={number}&c=ABCDEFGHJK")),
            new EFileHolder(name!, idNumber!.Sex, idNumber.BirthDate, idNumber),
            today.AddYears(-1),
            today,
            [new Crossing(Direction.Exit, DateTimeOffset.UtcNow.AddDays(-3), DocumentKind.HkMacauPermit, "C60000001", "罗湖", "")]);
    }

    /// <summary>A number no report has: reports are numbered by the day they are requested, and none is requested in 2001.</summary>
    private static string NeverIssued() => ReportNumber.Create(new DateOnly(2001, 1, 1), RandomNumberGenerator.GetInt32(1_000_000)).Value;

    /// <summary>What a forger makes of an issued e-file: the same content under the issuer's name, signed with a certificate of their own.</summary>
    internal static async Task<(byte[] Pdf, X509Certificate2 Certificate)> ForgeAsync(IssuedEFile issued)
    {
        var forger = DevelopmentIssuer.Create(TimeProvider.System);
        using var key = X509SigningKey.FromPkcs12(forger.Pkcs12);
        return ((await Renderer().RenderRecordsAsync(Content(issued.Number, issued.Person), key)).Pdf, forger.Certificate);
    }

    private static EFileRenderer Renderer() => new(new SystemSecureRandom());

    internal static string OtherCode(string code) => code[..^1] + (code[^1] == 'A' ? 'B' : 'A');

    internal static string NewClient() => $"203.0.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    internal static (int ExitCode, string Output, string Error) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000).Should().BeTrue($"{tool} should finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    [GeneratedRegex(@"校验码：\s*([A-Z2-9]{10})")]
    private static partial Regex PrintedCode();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Size (\d+)")]
    private static partial Regex TrailerSize();

    [GeneratedRegex(@"/Root (\d+ \d+ R)")]
    private static partial Regex TrailerRoot();

    internal sealed record IssuedEFile(TestPerson Person, string Number, string Code, byte[] Pdf, int Pages);
}
