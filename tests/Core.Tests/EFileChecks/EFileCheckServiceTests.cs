using System.Security.Cryptography;
using EntryExit.Core.EFileChecks;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuer;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Tests.Fakes;
using EntryExit.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.EFileChecks;

/// <summary>What the e-file check concludes from what the PDF says and what the issuer recorded (SPEC §2.6).</summary>
public sealed class EFileCheckServiceTests : IDisposable
{
    private static readonly ReportNumber Number = ReportNumber.Create(new DateOnly(2026, 11, 25), 123456);
    private static readonly byte[] Pdf = "%PDF-1.7 an e-file"u8.ToArray();
    private static readonly ClientAddress Client = new("203.0.113.7");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryReportStore reports = new();
    private readonly InMemoryAudit audit = new();
    private readonly InMemoryIssuerHistory history = new();
    private readonly ScriptedReader reader = new();
    private readonly TestKey issuer = new();
    private readonly RecordedMetrics metrics = new();
    private readonly EFileCheckService service;

    public EFileCheckServiceTests()
    {
        var keys = new HmacPersonKeys(TestOptions.Security());
        var lockout = new Lockout(new InMemoryFailureCounters(), clock, Options.Create(new LockoutOptions()));
        service = new EFileCheckService(reader, new IssuerCertificates(new SwitchableKeys(issuer), history), reports, lockout, keys, audit, clock,
            Options.Create(new EFileChecksOptions { MaxLookupFailuresPerClient = 3 }), new EntryExitMetrics(metrics));
    }

    public void Dispose() => metrics.Dispose();

    [Fact]
    public async Task An_intact_whole_file_signed_by_the_issuer_with_the_recorded_hash_is_genuine()
    {
        await CreateReportAsync(Convert.ToHexStringLower(SHA256.HashData(Pdf)));
        reader.Answer = Signed(issuer, intact: true, whole: true);

        var check = (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!;

        check.Should().Be(new EFileCheck(true, true, true, "国家移民管理局 电子文件签发（开发）", IssuerCertificateFingerprint.Sha256(issuer.Certificate),
            clock.GetUtcNow(), Number.Value, Known: true, MatchesRecord: true));
        audit.Entries.Should().ContainSingle(e => e.Action == "efile.check" && e.Outcome == "genuine" && e.PersonKey == new PersonKey("owner"));
        metrics.Of(EntryExitMetrics.Names.EFileChecks).Should().ContainSingle()
            .Which.Tags.Should().BeEquivalentTo(new Dictionary<string, object?> { ["check"] = "document", ["outcome"] = "genuine" });
    }

    [Fact]
    public async Task Another_signer_is_never_a_valid_signature_however_intact()
    {
        await CreateReportAsync("00");
        var forger = new TestKey();
        reader.Answer = Signed(forger, intact: true, whole: true);

        var check = (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!;

        check.SignatureValid.Should().BeFalse();
        check.SignedByIssuer.Should().BeFalse();
        check.Unaltered.Should().BeTrue("unaltered speaks of the bytes, not of who signed them");
        check.SignedBy.Should().Be("国家移民管理局 电子文件签发（开发）");
        check.SignerCertificateSha256.Should().Be(IssuerCertificateFingerprint.Sha256(forger.Certificate));
        check.Number.Should().Be(Number.Value, "the number is what the file says");
        check.Known.Should().BeFalse("only a file our issuer signed is compared with the record");
        check.MatchesRecord.Should().BeFalse();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_number_in_a_file_our_issuer_did_not_sign_is_never_looked_up(bool anotherSigner, bool ourCertificate)
    {
        // The recorded hash is the file's: were the record consulted, matchesRecord would be true.
        await CreateReportAsync(Convert.ToHexStringLower(SHA256.HashData(Pdf)));
        reader.Answer = anotherSigner
            ? Signed(new TestKey(), intact: true, whole: true)
            : ourCertificate ? Signed(issuer, intact: false, whole: false) : new SignedPdfReading(SignedPdfOutcome.Read, null, Number.Value);

        var check = (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!;

        check.Number.Should().Be(Number.Value);
        check.Known.Should().BeFalse();
        check.MatchesRecord.Should().BeFalse();
        audit.Entries.Should().ContainSingle(e => e.Outcome == "not_genuine" && e.PersonKey == null, "nothing about the report's owner is recorded either");
    }

    [Fact]
    public async Task A_certificate_in_the_history_is_ours_and_one_with_the_same_fingerprint_but_other_bytes_is_not()
    {
        var earlier = new TestKey();
        history.Recorded[IssuerCertificateFingerprint.Sha256(earlier.Certificate)] = earlier.Certificate.RawData;
        reader.Answer = Signed(earlier, intact: true, whole: true);
        (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!.SignatureValid.Should().BeTrue();

        var other = new TestKey();
        history.Recorded[IssuerCertificateFingerprint.Sha256(other.Certificate)] = earlier.Certificate.RawData;
        reader.Answer = Signed(other, intact: true, whole: true);
        (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!.SignedByIssuer.Should().BeFalse();
    }

    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, true, false)]
    [InlineData(true, true, true, true)]
    public async Task Signature_and_coverage_decide_valid_and_unaltered(bool intact, bool whole, bool valid, bool unaltered)
    {
        reader.Answer = Signed(issuer, intact, whole);

        var check = (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!;

        check.SignatureValid.Should().Be(valid);
        check.Unaltered.Should().Be(unaltered);
    }

    [Fact]
    public async Task No_signature_no_number_nothing_true()
    {
        reader.Answer = new SignedPdfReading(SignedPdfOutcome.Read, null, "not a number");

        var check = (await service.CheckAsync(Pdf, "", Client, CancellationToken.None)).Value!;

        check.Should().Be(new EFileCheck(false, false, false, null, null, null, null, false, false));
        reader.PasswordSeen.Should().BeNull("an empty header is no password");
    }

    [Fact]
    public async Task A_number_never_issued_is_unknown()
    {
        reader.Answer = Signed(issuer, true, true) with { Subject = ReportNumber.Create(new DateOnly(2001, 1, 1), 1).Value };

        var check = (await service.CheckAsync(Pdf, null, Client, CancellationToken.None)).Value!;

        check.Number.Should().Be("E010101000001");
        check.Known.Should().BeFalse();
        check.MatchesRecord.Should().BeFalse();
    }

    [Theory]
    [InlineData(SignedPdfOutcome.NotAPdf, "not_a_pdf")]
    [InlineData(SignedPdfOutcome.PasswordRequired, "pdf_password_required")]
    [InlineData(SignedPdfOutcome.PasswordWrong, "pdf_password_wrong")]
    [InlineData(SignedPdfOutcome.TooComplex, "pdf_too_complex")]
    public async Task What_cannot_be_read_is_a_problem(SignedPdfOutcome outcome, string code)
    {
        reader.Answer = new SignedPdfReading(outcome);

        var result = await service.CheckAsync(Pdf, "Secret2026", Client, CancellationToken.None);

        result.Problem!.Code.Should().Be(code);
        reader.PasswordSeen.Should().Be("Secret2026");
    }

    [Theory]
    [InlineData("K7M3Q9XP2R")]
    [InlineData("k7m3q9xp2r")]
    [InlineData("K7M3-Q9XP-2R")]
    [InlineData(" K7M3 Q9XP 2R ")]
    public async Task The_right_code_shows_the_record_however_it_is_typed(string code)
    {
        await CreateReportAsync("ab");

        var recorded = (await service.LookupAsync(Number.Value, code, Client, CancellationToken.None)).Value!;

        recorded.Should().Be(new RecordedEFile(ReportKind.Records, clock.GetUtcNow(), 3, "ab"));
    }

    [Fact]
    public async Task A_wrong_code_an_unknown_number_and_no_code_are_the_same_problem_and_count_towards_a_lock()
    {
        await CreateReportAsync("ab");

        var wrong = await service.LookupAsync(Number.Value, "K7M3Q9XP2S", Client, CancellationToken.None);
        var unknown = await service.LookupAsync("E010101000001", "K7M3Q9XP2R", Client, CancellationToken.None);
        var none = await service.LookupAsync(Number.Value, null, Client, CancellationToken.None);

        wrong.Problem.Should().Be(unknown.Problem).And.Be(none.Problem);
        wrong.Problem!.Code.Should().Be("report_not_found");
        var locked = await service.LookupAsync(Number.Value, "K7M3Q9XP2R", Client, CancellationToken.None);
        locked.Problem!.Code.Should().Be("lookup_locked");
        locked.Problem.RetryAfterSeconds.Should().Be(3600);
        (await service.LookupAsync(Number.Value, "K7M3Q9XP2R", new ClientAddress("203.0.113.8"), CancellationToken.None)).IsSuccess.Should().BeTrue();
        clock.Advance(TimeSpan.FromHours(1));
        (await service.LookupAsync(Number.Value, "K7M3Q9XP2R", Client, CancellationToken.None)).IsSuccess.Should().BeTrue("the lock lasts an hour");
        metrics.Of(EntryExitMetrics.Names.EFileChecks).Select(m => $"{m.Tag("check")}:{m.Tag("outcome")}").Should().Equal(
            "lookup:report_not_found", "lookup:report_not_found", "lookup:report_not_found", "lookup:lookup_locked", "lookup:found", "lookup:found");
    }

    [Fact]
    public async Task A_report_without_a_code_never_matches_an_empty_one()
    {
        await reports.TryCreateAsync(NewReport("ab") with { VerificationCode = null }, CancellationToken.None);

        (await service.LookupAsync(Number.Value, "", Client, CancellationToken.None)).Problem!.Code.Should().Be("report_not_found");
        (await service.LookupAsync(Number.Value, "\0\0\0\0\0\0\0\0\0\0", Client, CancellationToken.None)).Problem!.Code.Should().Be("report_not_found");
    }

    private SignedPdfReading Signed(TestKey signer, bool intact, bool whole) =>
        new(SignedPdfOutcome.Read, new PdfSignatureFacts(intact, whole, signer.PublicCertificate, clock.GetUtcNow()), Number.Value);

    private Task<bool> CreateReportAsync(string sha256) => reports.TryCreateAsync(NewReport(sha256), CancellationToken.None);

    private Report NewReport(string sha256) =>
        new(Number, new PersonKey("owner"), ReportKind.Records, ReportStatus.Ready, new DateOnly(2025, 11, 25), new DateOnly(2026, 11, 25), [],
            Delivery.Download, clock.GetUtcNow())
        {
            VerificationCode = "K7M3Q9XP2R",
            Sha256 = sha256,
            MadeAt = clock.GetUtcNow(),
            Pages = 3,
        };
}
