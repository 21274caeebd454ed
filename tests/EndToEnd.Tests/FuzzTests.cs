using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.DevHost;
using EntryExit.EFile;
using EntryExit.EFile.Signing;
using EntryExit.EndToEnd.Tests.Contract;
using EntryExit.TestSupport;
using EntryExit.TestSupport.Fuzz;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// A seeded, bounded fuzz round against the whole stack (issue 11): hostile requests on every route, each answer held
/// to the error contract — no 5xx, every error problem+json with a code, nothing internal shown — and to openapi.yaml,
/// and the host still healthy afterwards. <c>./dev bench --hostile-only</c> runs a longer round.
/// </summary>
/// <remarks>
/// Garbage requests go to documented operations, and whatever such an operation answers is something a mobile client
/// can receive: so the document must describe it too. The round uses a client of its own so that an answer the
/// document does not allow is counted and reported with the request that caused it (a replayable finding) rather than
/// thrown from inside the parallel loop. The round streams its requests, and the host's logs and telemetry are only
/// counted while it runs, so neither the test nor the host grows with the number of requests.
/// </remarks>
[Collection(StackCollection.Name)]
public sealed class FuzzTests(StackFixture stack, ITestOutputHelper output)
{
    /// <summary>Fixed, so a failure is replayed by running the test again; change it to explore further.</summary>
    private const int Seed = 20261201;
    private const int Requests = 3_000;

    [Fact]
    public async Task Three_thousand_hostile_requests_on_every_route_keep_the_error_contract_and_the_host_healthy()
    {
        var person = TestPerson.Create("司马懿");
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var signing = stack.Host.Services.GetRequiredService<IEFileSigningKeyProvider>();
        var sample = (await new EFileRenderer(new SystemSecureRandom()).RenderRecordsAsync(
            EFileCheckTests.Content(ReportNumber.Create(new DateOnly(2001, 1, 1), 7).Value, person), await signing.GetSigningKeyAsync(CancellationToken.None))).Pdf;
        var target = new FuzzTarget(token, DevHostApi.TokenSigningKey, StackFixture.TokenKeyId, StackFixture.FunctionKey, sample);
        using var http = new HttpClient { BaseAddress = DevHostApp.Addresses(stack.Host)[0] };
        var operations = new ConcurrentDictionary<string, int>();
        var memoryBefore = Memory();

        FuzzReport report;
        using (stack.CountOnly())
        {
            report = await FuzzRound.RunAsync(http, new HostileRequests(Seed, target), Requests, parallelism: 4, (method, path, response, body) =>
            {
                var operation = OpenApiContract.Current.Find(method, path);
                operations.AddOrUpdate(operation is null ? $"{method} {path}" : $"{operation.Method} {operation.Path}", 1, (_, n) => n + 1);
                return OpenApiContract.Current.Check(method, path, response, body);
            });
        }

        output.WriteLine(report.Summary);
        output.WriteLine($"host log lines counted, not kept: {stack.Logs.Counted:N0}; spans and log records: {stack.Telemetry.Counted:N0}");
        output.WriteLine($"memory before: {memoryBefore}; after: {Memory()}");
        output.WriteLine(report.SlowestClasses(12));
        output.WriteLine(string.Join(", ", operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} × {o.Value}")));

        var replay = report.Replay;
        report.Requests.Should().Be(Requests, replay);
        report.ViolationCount.Should().Be(0, replay);
        report.ServerErrors.Should().Be(0, replay);
        report.ByStatus.Keys.Should().Contain([200, 400, 401, 404, 413, 422], "the round reaches past validation into every kind of answer: " + replay);
        operations.Keys.Should().BeEquivalentTo(OpenApiContract.Current.Operations.Select(o => $"{o.Method} {o.Path}"),
            "every operation of openapi.yaml is attacked, and every answer is one of them: " + replay);
        stack.Logs.ErrorsWhileCounting.Should().BeEmpty("no request of the round is an unhandled error: " + replay);

        using var health = await stack.Http.GetAsync("/api/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "the host is healthy after the round");
        using var certificate = await stack.Http.GetAsync("/api/certificates/issuer");
        certificate.StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await stack.SignInAsync(person.Name, person.IdNumber);
        using var records = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", again, new { range = "1y" }));
        records.StatusCode.Should().Be(HttpStatusCode.OK, "a citizen still signs in and reads their records after the round");
        (await records.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records").GetArrayLength().Should().Be(TestCrossing.RecentTrips().Count);
    }

    private static string Memory() => string.Create(CultureInfo.InvariantCulture,
        $"managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0} MB, resident {Environment.WorkingSet / 1048576.0:F0} MB");
}
