using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Identity;

namespace EntryExit.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class IdentityTests(StackFixture stack)
{
    [Fact]
    public async Task Five_failures_lock_the_number_for_an_hour_whether_or_not_anyone_has_it()
    {
        var person = TestPerson.Create("李娜");
        await stack.ImportAsync([person.PersonLine()]);
        var nobody = TestPerson.Create("李娜");

        foreach (var idNumber in new[] { person.IdNumber, nobody.IdNumber })
        {
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await VerifyAsync("王五", idNumber, NewClient());
                wrong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
            }

            // Locked now: even the right name is refused, from any address, with the time to wait.
            using var locked = await VerifyAsync(person.Name, idNumber, NewClient());
            locked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            var problem = await locked.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().Should().Be("identity_locked");
            problem.GetProperty("retryAfter").GetInt32().Should().BeInRange(3500, 3600);
            locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(3500, 3600);
        }
    }

    [Fact]
    public async Task Parallel_failures_are_all_counted()
    {
        var person = TestPerson.Create("周杰");
        await stack.ImportAsync([person.PersonLine()]);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => VerifyAsync("错误", person.IdNumber, NewClient())));
        attempts.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.UnprocessableEntity || s == HttpStatusCode.TooManyRequests);

        using var after = await VerifyAsync(person.Name, person.IdNumber, NewClient());
        after.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_lock_that_address()
    {
        var client = NewClient();
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await VerifyAsync("无名", TestPerson.Create("无名").IdNumber, client);
            wrong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        var person = TestPerson.Create("孙丽");
        await stack.ImportAsync([person.PersonLine()]);
        using var fromThere = await VerifyAsync(person.Name, person.IdNumber, client);
        fromThere.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        using var fromElsewhere = await VerifyAsync(person.Name, person.IdNumber, NewClient());
        fromElsewhere.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_verification_completes_once_and_a_wrong_liveness_answer_fails()
    {
        var person = TestPerson.Create("刘洋");
        await stack.ImportAsync([person.PersonLine()]);
        using var started = await VerifyAsync(person.Name, person.IdNumber, NewClient());
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("verificationId").GetString();
        var challenge = body.GetProperty("liveness").GetProperty("challenge").GetString()!;
        body.GetProperty("liveness").GetProperty("provider").GetString().Should().Be("development");

        using var wrong = await stack.Http.PostAsJsonAsync($"/api/identity/verifications/{id}/liveness", new { result = "any string" });
        wrong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("liveness_failed");

        var answer = new { result = DevelopmentLivenessProvider.Answer(StackFixture.LivenessKey, challenge) };
        using var right = await stack.Http.PostAsJsonAsync($"/api/identity/verifications/{id}/liveness", answer);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        using var again = await stack.Http.PostAsJsonAsync($"/api/identity/verifications/{id}/liveness", answer);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("verification_used");

        using var unknown = await stack.Http.PostAsJsonAsync("/api/identity/verifications/nosuchverification/liveness", answer);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("verification_not_found");
    }

    [Fact]
    public async Task Residents_of_hong_kong_macau_and_taiwan_are_sent_to_a_counter_after_the_name_check()
    {
        var resident = TestPerson.Create("黄嘉欣");
        await stack.ImportAsync([resident.PersonLine("hong_kong")]);

        using var wrongName = await VerifyAsync("黄家欣", resident.IdNumber, NewClient());
        wrongName.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await wrongName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("identity_not_verified");

        using var rightName = await VerifyAsync(resident.Name, resident.IdNumber, NewClient());
        rightName.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await rightName.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("counter_required");
        problem.GetProperty("detail").GetString().Should().Contain("窗口");
    }

    [Fact]
    public async Task No_table_key_and_no_log_line_holds_an_id_number_or_a_name_and_the_audit_records_who_did_what()
    {
        var person = TestPerson.Create("欧阳娜娜");
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        await VerifyAsync("欧阳错", person.IdNumber, NewClient());
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        using var query = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "1y" }));
        query.StatusCode.Should().Be(HttpStatusCode.OK);

        var tables = new TableServiceClient(stack.Azurite.ConnectionString);
        var keys = new List<string>();
        var audit = new List<TableEntity>();
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Person", "Action", "Outcome", "ClientNetwork"]))
            {
                keys.Add($"{table.Name}: {entity.PartitionKey} / {entity.RowKey}");
                if (table.Name == "Audit")
                {
                    audit.Add(entity);
                }
            }
        }

        keys.Should().NotBeEmpty();
        var body = person.IdNumber[..17];
        foreach (var key in keys)
        {
            key.Should().NotContain(body).And.NotContain(person.Name);
        }
        foreach (var line in stack.Logs.Lines)
        {
            line.Should().NotContain(person.IdNumber).And.NotContain(person.Name);
        }

        stack.Logs.Lines.Should().Contain(l => l.Contains(ResidentIdNumber.Mask(person.IdNumber), StringComparison.Ordinal), "logs name people by their masked number");

        var personKey = PersonKeyOf(person.IdNumber);
        var mine = audit.Where(e => e.GetString("Person") == personKey).Select(e => $"{e.GetString("Action")}:{e.GetString("Outcome")}").ToList();
        mine.Should().Contain(["verification.start:identity_not_verified", "verification.start:started", "verification.liveness:verified", "records.query:ok"]);
        audit.Where(e => e.GetString("Person") == personKey).Should().OnlyContain(e => e.GetString("ClientNetwork")!.EndsWith("/24", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> VerifyAsync(string name, string idNumber, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/verifications") { Content = JsonContent.Create(new { name, idNumber }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return stack.Http.SendAsync(request);
    }

    /// <summary>A client address of the test's own, so its failures do not count against other tests' addresses.</summary>
    private static string NewClient() => $"198.51.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    private static string PersonKeyOf(string idNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Enumerable.Repeat((byte)1, 32).ToArray(), Encoding.ASCII.GetBytes(idNumber)));
}
