using EntryExit.Core.Identity;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Tests.Fakes;
using EntryExit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Identity;

public sealed class IdentityServiceTests : IDisposable
{
    private const string LivenessKey = "unit-liveness-key";
    private static readonly ClientAddress Client = new("203.0.113.9");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly CountingLiveness _liveness;
    private readonly InMemoryPeople _people;
    private readonly InMemoryAudit _audit = new();
    private readonly RecordedMetrics _metrics = new();
    private readonly IdentityService _service;
    private readonly Person _person;

    public IdentityServiceTests()
    {
        var keys = new HmacPersonKeys(TestOptions.Security());
        _people = new InMemoryPeople(keys);
        _liveness = new CountingLiveness(new DevelopmentLivenessProvider(Options.Create(new LivenessOptions { DevelopmentKey = LivenessKey }), new SystemSecureRandom()));
        _service = new IdentityService(
            keys, _people, new InMemoryVerifications(), new InMemoryRevocations(), _liveness,
            new AccessTokens(TestOptions.Security(), _clock),
            new Lockout(new InMemoryFailureCounters(), _clock, Options.Create(new LockoutOptions())),
            _audit, new SystemSecureRandom(), _clock, Options.Create(new LockoutOptions()), new EntryExitMetrics(_metrics), NullLogger<IdentityService>.Instance);
        ResidentIdNumber.TryParse("11010519491231002X", new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse("张三", out var name).Should().BeTrue();
        _person = new Person(id, name, id.Sex, id.BirthDate, Residency.Mainland);
        _people.UpsertAsync([_person], CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task No_liveness_session_is_created_before_the_name_and_number_match()
    {
        (await _service.StartAsync(new VerificationRequest("李四", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_not_verified");
        (await _service.StartAsync(new VerificationRequest("张三", "110105194912310021"), Client, CancellationToken.None)).Problem!.Code.Should().Be("invalid_id_number");
        _liveness.SessionsStarted.Should().Be(0);

        (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
        _liveness.SessionsStarted.Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_number_reads_the_population_record_like_a_wrong_name()
    {
        ResidentIdNumber.TryParse("11010519491231003" + ResidentIdNumber.CheckCharacterFor("11010519491231003"), new DateOnly(2026, 1, 1), out var unknown).Should().BeTrue();
        var wrongName = await _service.StartAsync(new VerificationRequest("李四", _person.IdNumber.Value), Client, CancellationToken.None);
        var readsAfterFirst = _people.Reads;
        var unknownNumber = await _service.StartAsync(new VerificationRequest("张三", unknown.Value), Client, CancellationToken.None);
        (_people.Reads - readsAfterFirst).Should().Be(readsAfterFirst);
        unknownNumber.Problem.Should().Be(wrongName.Problem);
    }

    [Fact]
    public async Task Each_outcome_is_counted_by_its_code_and_nothing_else()
    {
        var started = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        (await _service.CompleteAsync(started.VerificationId, new LivenessAnswer("not-the-answer"), Client, CancellationToken.None)).IsSuccess.Should().BeFalse();
        var again = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        var answer = new LivenessAnswer(DevelopmentLivenessProvider.Answer(LivenessKey, again.Liveness.Challenge));
        (await _service.CompleteAsync(again.VerificationId, answer, Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
        for (var i = 0; i < 5; i++)
        {
            await _service.StartAsync(new VerificationRequest("李四", _person.IdNumber.Value), Client, CancellationToken.None);
        }

        (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_locked");

        var measured = _metrics.Of(EntryExitMetrics.Names.Verifications);
        measured.Select(m => m.Tag("outcome")).Should().Equal(
            "started", "face_failed", "started", "verified", "not_verified", "not_verified", "not_verified", "not_verified", "locked", "locked");
        measured.Should().OnlyContain(m => m.Value == 1 && m.Tags.Count == 1, "only the outcome code is a dimension");
    }

    [Fact]
    public async Task A_verification_expires_after_ten_minutes()
    {
        var started = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        _clock.Advance(TimeSpan.FromMinutes(10));
        var answer = new LivenessAnswer(DevelopmentLivenessProvider.Answer(LivenessKey, started.Liveness.Challenge));
        (await _service.CompleteAsync(started.VerificationId, answer, Client, CancellationToken.None)).Problem!.Code.Should().Be("verification_not_found");
    }

    [Fact]
    public async Task The_token_is_bound_to_the_person_and_the_verification_and_sign_out_revokes_it()
    {
        var started = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        var answer = new LivenessAnswer(DevelopmentLivenessProvider.Answer(LivenessKey, started.Liveness.Challenge));
        var token = (await _service.CompleteAsync(started.VerificationId, answer, Client, CancellationToken.None)).Value!;

        var grant = (await _service.AuthenticateAsync("Bearer " + token.Token, CancellationToken.None)).Value!;
        grant.Person.Should().Be(new HmacPersonKeys(TestOptions.Security()).KeyOf(_person.IdNumber));
        grant.VerificationId.Should().Be(started.VerificationId);

        await _service.SignOutAsync(grant, Client, CancellationToken.None);
        (await _service.AuthenticateAsync("Bearer " + token.Token, CancellationToken.None)).Problem!.Code.Should().Be("token_invalid");
        _audit.Entries.Select(e => e.Action).Should().Contain(["verification.start", "verification.liveness", "session.sign_out"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a.b.c")]
    public async Task Anything_but_a_valid_bearer_token_is_token_invalid(string? authorization) =>
        (await _service.AuthenticateAsync(authorization, CancellationToken.None)).Problem!.Status.Should().Be(401);

    public void Dispose() => _metrics.Dispose();
}
