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
    private readonly InMemoryPhotos _photos = new();
    private readonly ListLogger<IdentityService> _logs = new();
    private readonly RecordedMetrics _metrics = new();
    private readonly IdentityService _service;
    private readonly HmacPersonKeys _keys = new(TestOptions.Security());
    private readonly Person _person;

    public IdentityServiceTests()
    {
        _people = new InMemoryPeople(_keys);
        _liveness = new CountingLiveness(new DevelopmentLivenessProvider(
            Options.Create(new LivenessOptions { DevelopmentKey = LivenessKey }), new SystemSecureRandom(), _ => null));
        _service = new IdentityService(
            _keys, _people, _photos, new InMemoryVerifications(), new InMemoryRevocations(), _liveness,
            new AccessTokens(TestOptions.Security(), _clock),
            new Lockout(new InMemoryFailureCounters(), _clock, Options.Create(new LockoutOptions())),
            _audit, new SystemSecureRandom(), _clock, Options.Create(new LockoutOptions()), new EntryExitMetrics(_metrics), _logs);
        _person = PersonOf("11010519491231002X", "张三");
        _photos.SaveAsync(_keys.KeyOf(_person.IdNumber), Face, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static ReferencePhoto Face { get; } = TestPhotos.Png(1);

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task Each_outcome_is_counted_by_its_code_and_nothing_else()
    {
        var started = await StartAsync(_person);
        (await _service.CompleteAsync(started.VerificationId, new LivenessAnswer("not-the-answer"), Client, CancellationToken.None)).IsSuccess.Should().BeFalse();
        var again = await StartAsync(_person);
        (await _service.CompleteAsync(again.VerificationId, Showing(again, Face), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
        for (var i = 0; i < 6; i++)
        {
            await _service.StartAsync(new VerificationRequest("李四", _person.IdNumber.Value), Client, CancellationToken.None);
        }

        (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_locked");

        var outcomes = _metrics.Of(EntryExitMetrics.Names.Verifications).Select(m => m.Tag("outcome")).ToList();
        outcomes.Take(4).Should().Equal("started", "face_failed", "started", "verified");
        outcomes.Skip(4).Should().OnlyContain(o => o == "not_verified" || o == "locked").And.Contain("not_verified");
        outcomes[^1].Should().Be("locked");
        _metrics.Of(EntryExitMetrics.Names.Verifications).Should().OnlyContain(m => m.Value == 1 && m.Tags.Count == 1, "only the outcome code is a dimension");
    }

    private Person PersonOf(string idNumber, string name)
    {
        ResidentIdNumber.TryParse(idNumber, new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse(name, out var parsed).Should().BeTrue();
        var person = new Person(id, parsed, id.Sex, id.BirthDate, Residency.Mainland);
        _people.UpsertAsync([person], CancellationToken.None).GetAwaiter().GetResult();
        return person;
    }

    private async Task<VerificationStarted> StartAsync(Person person, ClientAddress? client = null) =>
        (await _service.StartAsync(new VerificationRequest(person.Name.Value, person.IdNumber.Value), client ?? Client, CancellationToken.None)).Value!;

    private static LivenessAnswer Showing(VerificationStarted started, ReferencePhoto face) =>
        new(DevelopmentLivenessProvider.Answer(LivenessKey, started.Liveness.Challenge, face.Digest));

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
    public async Task A_verification_expires_after_ten_minutes()
    {
        var started = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        _clock.Advance(TimeSpan.FromMinutes(10));
        var answer = Showing(started, Face);
        (await _service.CompleteAsync(started.VerificationId, answer, Client, CancellationToken.None)).Problem!.Code.Should().Be("verification_not_found");
    }

    [Fact]
    public async Task The_token_is_bound_to_the_person_and_the_verification_and_sign_out_revokes_it()
    {
        var started = (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Value!;
        var answer = Showing(started, Face);
        var token = (await _service.CompleteAsync(started.VerificationId, answer, Client, CancellationToken.None)).Value!;

        var grant = (await _service.AuthenticateAsync("Bearer " + token.Token, CancellationToken.None)).Value!;
        grant.PersonKey.Should().Be(new HmacPersonKeys(TestOptions.Security()).KeyOf(_person.IdNumber));
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
        (await _service.AuthenticateAsync(authorization, CancellationToken.None)).Problem!.Code.Should().Be("token_invalid");

    [Fact]
    public async Task A_person_without_a_reference_photo_is_sent_to_a_counter_after_the_name_check_and_no_session_is_created()
    {
        var noPhoto = PersonOf("11010519491231004" + ResidentIdNumber.CheckCharacterFor("11010519491231004"), "李四");
        (await _service.StartAsync(new VerificationRequest("李五", noPhoto.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_not_verified");
        var result = await _service.StartAsync(new VerificationRequest("李四", noPhoto.IdNumber.Value), Client, CancellationToken.None);
        result.Problem!.Code.Should().Be("counter_required");
        _liveness.SessionsStarted.Should().Be(0);
    }

    [Fact]
    public async Task Only_the_persons_own_face_passes_and_another_face_counts_as_a_failure()
    {
        var other = PersonOf("11010519491231004" + ResidentIdNumber.CheckCharacterFor("11010519491231004"), "李四");
        var otherFace = TestPhotos.Png(2);
        await _photos.SaveAsync(_keys.KeyOf(other.IdNumber), otherFace, CancellationToken.None);

        // Each shows the other's face: both fail, however right name, number and key are.
        var mine = await StartAsync(_person);
        var theirs = await StartAsync(other);
        (await _service.CompleteAsync(mine.VerificationId, Showing(mine, otherFace), Client, CancellationToken.None)).Problem!.Code.Should().Be("liveness_failed");
        (await _service.CompleteAsync(theirs.VerificationId, Showing(theirs, Face), Client, CancellationToken.None)).Problem!.Code.Should().Be("liveness_failed");

        // Their own faces pass.
        (await _service.CompleteAsync(mine.VerificationId, Showing(mine, Face), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
        (await _service.CompleteAsync(theirs.VerificationId, Showing(theirs, otherFace), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task Fifty_parallel_wrong_names_get_at_most_five_judged_and_then_the_right_name_is_locked_out_too()
    {
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            _service.StartAsync(new VerificationRequest("王五", _person.IdNumber.Value), new ClientAddress($"203.0.113.{i + 1}"), CancellationToken.None))).ToList();
        var results = await Task.WhenAll(attempts);

        var codes = results.Select(r => r.Problem!.Code).ToList();
        codes.Count(c => c == "identity_not_verified").Should().BeLessThanOrEqualTo(5).And.BeGreaterThan(0);
        codes.Where(c => c != "identity_not_verified").Should().OnlyContain(c => c == "identity_locked");
        (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_locked");
        _liveness.SessionsStarted.Should().Be(0);
    }

    [Fact]
    public async Task A_success_gives_its_count_back()
    {
        for (var i = 0; i < 4; i++)
        {
            (await _service.StartAsync(new VerificationRequest("王五", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_not_verified");
        }

        for (var i = 0; i < 3; i++)
        {
            var started = await StartAsync(_person);
            (await _service.CompleteAsync(started.VerificationId, Showing(started, Face), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
        }

        (await _service.StartAsync(new VerificationRequest("王五", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_not_verified");
        (await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None)).Problem!.Code.Should().Be("identity_locked");
    }

    [Fact]
    public async Task A_locked_identity_cannot_complete_a_verification_it_started_before_the_lock()
    {
        var started = await StartAsync(_person);
        for (var i = 0; i < 5; i++)
        {
            await _service.StartAsync(new VerificationRequest("王五", _person.IdNumber.Value), Client, CancellationToken.None);
        }

        var result = await _service.CompleteAsync(started.VerificationId, Showing(started, Face), Client, CancellationToken.None);
        result.Problem!.Code.Should().Be("identity_locked");
        result.Problem.RetryAfterSeconds.Should().BeInRange(3500, 3600);
        _liveness.Judged.Should().Be(0);
    }

    [Fact]
    public async Task One_verification_takes_at_most_three_answers_even_in_parallel()
    {
        var started = await StartAsync(_person);
        var gate = new TaskCompletionSource();
        _liveness.Gate = gate.Task;
        var answers = Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => _service.CompleteAsync(started.VerificationId, new LivenessAnswer("wrong"), Client, CancellationToken.None))).ToList();
        await Eventually(() => _liveness.Judged >= 3 || answers.Count(a => a.IsCompleted) >= 7);
        gate.SetResult();
        var codes = (await Task.WhenAll(answers)).Select(r => r.Problem!.Code).ToList();

        codes.Count(c => c == "liveness_failed").Should().Be(3);
        codes.Where(c => c != "liveness_failed").Should().OnlyContain(c => c == "verification_used");
        _liveness.Judged.Should().Be(3);
        (await _service.CompleteAsync(started.VerificationId, Showing(started, Face), Client, CancellationToken.None)).Problem!.Code.Should().Be("verification_used");
    }

    [Fact]
    public async Task A_face_provider_that_is_down_answers_503_and_counts_against_nobody()
    {
        _liveness.Unavailable = true;
        for (var i = 0; i < 8; i++)
        {
            var result = await _service.StartAsync(new VerificationRequest("张三", _person.IdNumber.Value), Client, CancellationToken.None);
            result.Problem!.Code.Should().Be("face_unavailable");
            result.Problem.RetryAfterSeconds.Should().BePositive();
        }

        _liveness.Unavailable = false;
        var started = await StartAsync(_person);
        _liveness.Unavailable = true;
        for (var i = 0; i < 6; i++)
        {
            (await _service.CompleteAsync(started.VerificationId, Showing(started, Face), Client, CancellationToken.None)).Problem!.Code.Should().Be("face_unavailable");
        }

        _liveness.Unavailable = false;
        var next = await StartAsync(_person);
        (await _service.CompleteAsync(next.VerificationId, Showing(next, Face), Client, CancellationToken.None)).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task The_verification_id_is_never_logged_only_a_short_hash_of_it()
    {
        var started = await StartAsync(_person);
        await _service.CompleteAsync(started.VerificationId, new LivenessAnswer("wrong"), Client, CancellationToken.None);

        _logs.Lines.Should().NotBeEmpty();
        _logs.Lines.Should().NotContain(l => l.Text.Contains(started.VerificationId, StringComparison.Ordinal));
        _logs.Lines.Should().Contain(l => l.Text.Contains(IdentityService.VerificationRef(started.VerificationId), StringComparison.Ordinal));
        IdentityService.VerificationRef(started.VerificationId).Should().HaveLength(12);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
