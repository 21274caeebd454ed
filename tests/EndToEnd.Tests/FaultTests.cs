using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Time;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Issue 11: each class of 500 the fuzz round found is now a clear 4xx, a report that lost its message still completes,
/// and the daily quota answers 429 with the wait until China midnight.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FaultTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("exp", "9000000000000000000")]
    [InlineData("sub", "\"a/b#c?d\\u0001\"")]
    [InlineData("vid", "\"ab/cd#ef?gh\\u0001ijklmnop\"")]
    [InlineData("sub", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    public async Task A_token_signed_with_the_key_but_carrying_a_bad_claim_or_nobody_is_401_token_invalid(string claim, string json)
    {
        var claims = new Dictionary<string, string>
        {
            ["sub"] = $"\"{new string('a', 64)}\"",
            ["vid"] = "\"VerificationId00000001\"",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            [claim] = json,
        };
        var token = Forge(claims);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Get, "/api/issuances", null),
                     (HttpMethod.Get, "/api/documents", null),
                     (HttpMethod.Post, "/api/records/query", new { range = "1y" }),
                     (HttpMethod.Post, "/api/reports", new { kind = "issuances", delivery = "download" }),
                     (HttpMethod.Get, "/api/reports/E261125000001", null),
                 })
        {
            using var response = await stack.Http.SendAsync(StackFixture.Authorized(method, path, token, body));
            var text = await response.Content.ReadAsStringAsync();
            if (claim == "sub" && json.StartsWith("\"0000", StringComparison.Ordinal) && path is "/api/documents" or "/api/records/query" or "/api/reports/E261125000001")
            {
                // A well-formed token for nobody: these answer from what that nobody owns, which is nothing.
                ((int)response.StatusCode).Should().BeLessThan(500, $"{method} {path}: {text}");
                continue;
            }

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {path}: {text}");
            JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().Should().Be("token_invalid");
        }
    }

    [Fact]
    public async Task Null_and_repeated_documents_are_400_naming_documents_or_one_document()
    {
        var person = TestPerson.Create("林巧稚");
        await stack.ImportAsync([person.PersonLine(), person.DocumentLine("hk_macau_permit", "C60000001"), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        foreach (var path in new[] { "/api/records/query", "/api/reports" })
        {
            using var nullEntry = await stack.Http.SendAsync(Json(path, token, """{"kind":"records","delivery":"download","range":"1y","documents":[null]}"""));
            nullEntry.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
            (await nullEntry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("documents", out _).Should().BeTrue(path);

            var distinct = string.Join(",", Enumerable.Range(0, 21).Select(i => $$"""{"kind":"passport","number":"E{{i:D8}}"}"""));
            using var tooMany = await stack.Http.SendAsync(Json(path, token, $$"""{"kind":"records","delivery":"download","range":"1y","documents":[{{distinct}}]}"""));
            tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
            // The contract's own code for a bad document selection (SPEC §5 keeps the code set fixed); the field and detail say why.
            var problem = await tooMany.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().Should().Be("invalid_document", path);
            problem.GetProperty("errors").GetProperty("documents")[0].GetString().Should().Contain("20", path);
        }

        var same = string.Join(",", Enumerable.Repeat("""{"kind":"hk_macau_permit","number":"C60000001"}""", 1000));
        using var repeated = await stack.Http.SendAsync(Json("/api/records/query", token, $$"""{"range":"1y","documents":[{{same}}]}"""));
        repeated.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await repeated.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("documents").GetArrayLength().Should().Be(1);
        page.GetProperty("records").GetArrayLength().Should().Be(24);
    }

    [Fact]
    public async Task A_report_whose_message_was_never_sent_is_put_back_on_its_queue_and_becomes_ready()
    {
        var person = TestPerson.Create("茅以升");
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        // What ReportService writes, as if the process died before it sent the queue message.
        var services = stack.Host.Services;
        ResidentIdNumber.TryParse(person.IdNumber, ChinaTime.Today(TimeProvider.System), out var idNumber).Should().BeTrue();
        var today = ChinaTime.Today(TimeProvider.System);
        var number = ReportNumber.Create(today, RandomNumberGenerator.GetInt32(1_000_000));
        var report = new Report(number, services.GetRequiredService<IPersonKeys>().KeyOf(idNumber), ReportKind.Records, ReportStatus.Queued,
            today.AddYears(-1), today, [], Delivery.Download, DateTimeOffset.UtcNow) { VerificationCode = "ABCDEFGHJK" };
        (await services.GetRequiredService<IReportStore>().TryCreateAsync(report, CancellationToken.None)).Should().BeTrue();
        (await StatusAsync(token, number.Value)).Should().Be("queued");

        // The timer's sweep, run eleven minutes later (the threshold is ten).
        var sweep = ActivatorUtilities.CreateInstance<StuckReports>(services, new LaterClock(TimeSpan.FromMinutes(11)));
        (await sweep.RequeueAsync(CancellationToken.None)).Should().BeGreaterThanOrEqualTo(1);

        await Eventually.UntilAsync(async () => await StatusAsync(token, number.Value) == "ready", Patience, because: $"report {number} should become ready");
    }

    [Fact]
    public async Task Past_the_daily_quota_a_request_is_429_with_the_seconds_until_china_midnight()
    {
        var person = TestPerson.Create("华罗庚");
        await stack.ImportAsync([person.PersonLine()]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var services = stack.Host.Services;
        ResidentIdNumber.TryParse(person.IdNumber, ChinaTime.Today(TimeProvider.System), out var idNumber).Should().BeTrue();
        var owner = services.GetRequiredService<IPersonKeys>().KeyOf(idNumber);

        HttpRequestMessage Keyed()
        {
            var request = StackFixture.Authorized(HttpMethod.Post, "/api/reports", token, new { kind = "issuances", delivery = "download" });
            request.Headers.Add("Idempotency-Key", "quota-replay-1");
            return request;
        }

        string firstNumber;
        using (var first = await stack.Http.SendAsync(Keyed()))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Accepted);
            firstNumber = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        }

        // The fixture allows 100,000 a day; spend the rest as if they had been requested.
        var store = services.GetRequiredService<IReportQuotaStore>();
        var counted = (await store.FindAsync(owner, CancellationToken.None))!;
        counted.Count.Should().Be(1);
        (await store.TrySaveAsync(owner, counted with { Count = 100_000 }, CancellationToken.None)).Should().BeTrue();

        var before = SecondsToChinaMidnight();
        using var refused = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token, new { kind = "issuances", delivery = "download" }));
        var after = SecondsToChinaMidnight();
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("code").GetString().Should().Be("report_quota_exceeded");
        var retryAfter = body.GetProperty("retryAfter").GetInt32();
        retryAfter.Should().BeInRange(after - 1, before + 1);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(retryAfter));

        // A retry of the request that was accepted is answered with its report: it made nothing new, so it counts nothing.
        using var replay = await stack.Http.SendAsync(Keyed());
        replay.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString().Should().Be(firstNumber);
        (await store.FindAsync(owner, CancellationToken.None))!.Count.Should().Be(100_000);
    }

    private static int SecondsToChinaMidnight()
    {
        var now = DateTimeOffset.UtcNow;
        return (int)Math.Ceiling((ChinaTime.StartOf(ChinaTime.DateOf(now).AddDays(1)) - now).TotalSeconds);
    }

    private async Task<string?> StatusAsync(string token, string number)
    {
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static HttpRequestMessage Json(string path, string token, string json)
    {
        var request = StackFixture.Authorized(HttpMethod.Post, path, token);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>A token with these raw claims, signed with the fixture's key as anyone holding a leaked sample key could.</summary>
    private static string Forge(IReadOnlyDictionary<string, string> claims)
    {
        var header = Base64Url.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"e2e\"}"u8);
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes("{" + string.Join(",", claims.Select(c => $"\"{c.Key}\":{c.Value}")) + "}"));
        var signature = HMACSHA256.HashData(DevHostApi.TokenSigningKey, Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url.Encode(signature);
    }

    private sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
