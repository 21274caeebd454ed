using System.Globalization;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Storage.Identity;
using EntryExit.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EntryExit.Storage.Tests;

/// <summary>
/// The lock cannot be outrun (SPEC §2.1): attempts are counted in Table storage with ETag compare-and-swap before
/// they are judged, so parallel guesses against one number get at most the limit judged.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class LockoutRaceTests(AzuriteFixture azurite)
{
    private const string LivenessKey = "storage-liveness-key";
    private static readonly ReferencePhoto Face = ReferencePhoto.From([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "face"u8.ToArray()])!;

    [Fact]
    public async Task Fifty_parallel_wrong_names_for_one_number_get_at_most_five_judged_the_rest_429_and_then_the_right_name_is_refused_too()
    {
        var (service, person) = await ArrangeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            service.StartAsync(new VerificationRequest("王五", person.IdNumber.Value), Client(i), CancellationToken.None))));

        var codes = results.Select(r => r.Problem!.Code).ToList();
        codes.Count(c => c == "identity_not_verified").Should().BeInRange(1, 5);
        codes.Where(c => c != "identity_not_verified").Should().OnlyContain(c => c == "identity_locked");
        results.Where(r => r.Problem!.Code == "identity_locked").Should().OnlyContain(r => r.Problem!.RetryAfterSeconds > 0);

        var right = await service.StartAsync(new VerificationRequest(person.Name.Value, person.IdNumber.Value), Client(99), CancellationToken.None);
        right.Problem!.Code.Should().Be("identity_locked");
    }

    [Fact]
    public async Task Parallel_liveness_answers_to_one_verification_get_three_judged_and_one_token_at_most()
    {
        var (service, person) = await ArrangeAsync();
        var started = (await service.StartAsync(new VerificationRequest(person.Name.Value, person.IdNumber.Value), Client(1), CancellationToken.None)).Value!;
        var right = new LivenessAnswer(DevelopmentLivenessProvider.Answer(LivenessKey, started.Liveness.Challenge, Face.Digest));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => service.CompleteAsync(started.VerificationId, right, Client(1), CancellationToken.None))));

        results.Count(r => r.IsSuccess).Should().Be(1);
        results.Where(r => !r.IsSuccess).Should().OnlyContain(r => r.Problem!.Code == "verification_used");
    }

    private async Task<(IdentityService Service, Person Person)> ArrangeAsync()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var keys = new HmacPersonKeys(TestStorage.Security);
        var protector = new AesGcmProtector(TestStorage.Security);
        var people = new TablePersonStore(clients, keys, protector, TimeProvider.System);
        var photos = new BlobReferencePhotos(clients, protector);
        var body = "11010519800101" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        ResidentIdNumber.TryParse(body + ResidentIdNumber.CheckCharacterFor(body), new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse("张三", out var name).Should().BeTrue();
        var person = new Person(id, name, id.Sex, id.BirthDate, Residency.Mainland);
        await people.UpsertAsync([person], CancellationToken.None);
        await photos.SaveAsync(keys.KeyOf(id), Face, CancellationToken.None);

        // A fresh counter for this number: the collection's Azurite is shared, and numbers may repeat across tests.
        try
        {
            await clients.Tables.GetTableClient(StorageNames.FailureCountersTable).DeleteEntityAsync("id:" + keys.KeyOf(id).Value, "");
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }

        var lockoutOptions = Options.Create(new LockoutOptions());
        var service = new IdentityService(
            keys, people, photos, new TableVerificationStore(clients), new TableSessionRevocations(clients),
            new DevelopmentLivenessProvider(Options.Create(new LivenessOptions { DevelopmentKey = LivenessKey }), new SystemSecureRandom(), _ => null),
            new AccessTokens(TestStorage.Security, TimeProvider.System),
            new Lockout(new TableFailureCounters(clients), TimeProvider.System, lockoutOptions),
            new TableAuditLog(clients), new SystemSecureRandom(), TimeProvider.System, lockoutOptions, new EntryExitMetrics(new RecordedMetrics()), NullLogger<IdentityService>.Instance);
        return (service, person);
    }

    /// <summary>Each attempt from an address of its own, so only the per-number count can stop them.</summary>
    private static ClientAddress Client(int i) => new(string.Create(CultureInfo.InvariantCulture, $"198.18.{Random.Shared.Next(256)}.{i % 250 + 1}"));
}
