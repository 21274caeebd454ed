using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
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

        var answer = new { result = StackFixture.Answer(challenge, person.Photo) };
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

        // The reference photo (biometric data): neither its bytes nor its digest in a log line, a table key or value,
        // a blob name or a queue message.
        var digest = DevelopmentLivenessProvider.FaceDigest(person.Photo);
        string[] photoTraces = [digest, digest.ToUpperInvariant(), Convert.ToBase64String(person.Photo)[..40], Convert.ToBase64String(person.Photo)[^40..]];
        var stored = new List<string>(keys);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                stored.Add(string.Join("|", entity.Select(p => $"{p.Key}={p.Value}")));
            }
        }

        var blobs = new Azure.Storage.Blobs.BlobServiceClient(stack.Azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                stored.Add($"{container.Name}/{blob.Name}");
            }
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(stack.Azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                stored.Add($"{queue.Name}: {message.Body}");
            }
        }

        stored.Should().Contain(s => s.StartsWith("reference-photos/" + PersonKeyOf(person.IdNumber), StringComparison.Ordinal), "the photo is named by the person key");
        foreach (var trace in photoTraces)
        {
            stack.Logs.Lines.Should().NotContain(l => l.Contains(trace, StringComparison.Ordinal));
            stored.Should().NotContain(s => s.Contains(trace, StringComparison.Ordinal));
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

    private string PersonKeyOf(string idNumber) => stack.PersonKeyOf(idNumber).Value;

    [Fact]
    public async Task Two_people_whose_faces_are_swapped_cannot_verify_as_each_other_and_each_passes_with_their_own()
    {
        var first = TestPerson.Create("郑晓明");
        var second = TestPerson.Create("钱芳");
        await stack.ImportAsync([first.PersonLine(), second.PersonLine()]);

        foreach (var (person, other) in new[] { (first, second), (second, first) })
        {
            // Name and number are right, the key is right: only the face is the other person's.
            var (id, challenge) = await StartAsync(person, NewClient());
            using var swapped = await AnswerAsync(id, StackFixture.Answer(challenge, other.Photo));
            swapped.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
            (await swapped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("liveness_failed");

            using var own = await AnswerAsync(id, StackFixture.Answer(challenge, person.Photo));
            own.StatusCode.Should().Be(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
            var token = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            using var issuances = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/issuances", token));
            (await issuances.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("idNumberMasked").GetString().Should().Be(ResidentIdNumber.Mask(person.IdNumber));
        }
    }

    [Fact]
    public async Task A_person_without_a_reference_photo_is_sent_to_a_counter_after_the_name_check_until_one_is_imported()
    {
        var person = TestPerson.Create("冯雪");
        await stack.ImportAsync([person.PersonLine(withPhoto: false)]);

        using var wrongName = await VerifyAsync("冯雨", person.IdNumber, NewClient());
        (await wrongName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("identity_not_verified");
        using var rightName = await VerifyAsync(person.Name, person.IdNumber, NewClient());
        rightName.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await rightName.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("counter_required");
        problem.GetProperty("detail").GetString().Should().Contain("窗口");

        var import = await stack.ImportAsync([person.PhotoLine()]);
        import.GetProperty("accepted").GetInt32().Should().Be(1);
        (await stack.SignInAsync(person.Name, person.IdNumber)).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Photo_lines_of_unknown_people_and_lines_over_the_cap_are_reported_and_the_rest_is_imported()
    {
        var person = TestPerson.Create("卫东");
        var stranger = TestPerson.Create("卫西");
        var huge = "{\"type\":\"photo\",\"idNumber\":\"" + person.IdNumber + "\",\"contentType\":\"image/png\",\"data\":\"" + new string('A', 3 * 1024 * 1024) + "\"}";
        var import = await stack.ImportAsync([stranger.PhotoLine(), huge, person.PersonLine()]);

        import.GetProperty("status").GetString().Should().Be("completed");
        import.GetProperty("accepted").GetInt32().Should().Be(2);
        var errors = import.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("line").GetInt32()}:{e.GetProperty("code").GetString()}");
        errors.Should().Equal("1:unknown_person", "2:line_too_long");
        (await stack.SignInAsync(person.Name, person.IdNumber)).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_lock_stops_a_verification_started_before_it_and_one_verification_takes_three_answers()
    {
        var person = TestPerson.Create("韩梅");
        await stack.ImportAsync([person.PersonLine()]);

        var (early, earlyChallenge) = await StartAsync(person, NewClient());
        var (spent, spentChallenge) = await StartAsync(person, NewClient());
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await AnswerAsync(spent, "wrong");
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("liveness_failed");
        }

        using var fourth = await AnswerAsync(spent, StackFixture.Answer(spentChallenge, person.Photo));
        fourth.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await fourth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("verification_used");

        // Three failed faces and two wrong names make five: the number is locked, and the early verification with it.
        for (var i = 0; i < 2; i++)
        {
            using var wrongName = await VerifyAsync("韩雪", person.IdNumber, NewClient());
            wrongName.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        using var late = await AnswerAsync(early, StackFixture.Answer(earlyChallenge, person.Photo));
        late.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("identity_locked");
    }

    [Fact]
    public async Task Fifty_parallel_wrong_names_get_at_most_five_answers_of_422_and_the_rest_429()
    {
        var person = TestPerson.Create("曹操");
        await stack.ImportAsync([person.PersonLine()]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => VerifyAsync("曹丕", person.IdNumber, NewClient())));
        responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity).Should().BeInRange(1, 5);
        responses.Where(r => r.StatusCode != HttpStatusCode.UnprocessableEntity).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        using var right = await VerifyAsync(person.Name, person.IdNumber, NewClient());
        right.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_and_the_verification_id_is_never_logged()
    {
        var prefix = $"2001:db8:{RandomNumberGenerator.GetInt32(0x10000):x}:{RandomNumberGenerator.GetInt32(0x10000):x}";
        for (var i = 0; i < 20; i++)
        {
            // A fresh host part every time: still one client.
            using var wrong = await VerifyAsync("无名", TestPerson.Create("无名").IdNumber, $"{prefix}:{i + 1:x}::{RandomNumberGenerator.GetInt32(1, 0xffff):x}");
            wrong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        }

        var person = TestPerson.Create("孔明");
        await stack.ImportAsync([person.PersonLine()]);
        using var sameNetwork = await VerifyAsync(person.Name, person.IdNumber, $"[{prefix}::beef]:443");
        sameNetwork.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        var (id, _) = await StartAsync(person, NewClient());
        stack.Logs.Lines.Should().NotContain(l => l.Contains(id, StringComparison.Ordinal));
        stack.Logs.Lines.Should().Contain(l => l.Contains(IdentityService.VerificationRef(id), StringComparison.Ordinal));
    }

    private async Task<(string Id, string Challenge)> StartAsync(TestPerson person, string client)
    {
        using var started = await VerifyAsync(person.Name, person.IdNumber, client);
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("verificationId").GetString()!, body.GetProperty("liveness").GetProperty("challenge").GetString()!);
    }

    private Task<HttpResponseMessage> AnswerAsync(string verificationId, string result) =>
        stack.Http.PostAsJsonAsync($"/api/identity/verifications/{verificationId}/liveness", new { result });
}
