using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace EntryExit.EndToEnd.Tests;

/// <summary><c>Idempotency-Key</c> on <c>POST /api/reports</c> (SPEC §5): retries, concurrent twins and other people, against Azurite.</summary>
[Collection(StackCollection.Name)]
public sealed class IdempotencyTests(StackFixture stack)
{
    private static readonly object Download = new { kind = "records", range = "1y", delivery = "download" };

    [Fact]
    public async Task Requests_with_one_key_and_one_body_arriving_at_once_make_one_report()
    {
        var (person, token) = await SignedInAsync("卫青");
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await stack.Http.SendAsync(Request(token, key, Download));
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(), Location: response.Headers.Location?.ToString());
        }));

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Accepted);
        var numbers = answers.Select(a => a.Body.GetProperty("number").GetString()).Distinct().ToList();
        numbers.Should().ContainSingle("eight requests with one key and one body are one report");
        answers.Select(a => a.Location).Distinct().Should().Equal($"/api/reports/{numbers[0]}");
        (await ReportsOwnedByAsync(person)).Should().Equal(numbers);
        (await ClaimsOfAsync(person)).Should().Be(1);
    }

    [Fact]
    public async Task A_retry_later_answers_the_same_report_with_its_current_status()
    {
        var (person, token) = await SignedInAsync("霍光");
        var key = Guid.NewGuid().ToString();
        using var first = await stack.Http.SendAsync(Request(token, key, Download));
        var number = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        await TestSupport.Eventually.UntilAsync(async () =>
        {
            using var status = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
            return (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "ready";
        }, TimeSpan.FromSeconds(90), because: "the report should render");

        using var retry = await stack.Http.SendAsync(Request(token, key, Download));

        retry.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("number").GetString().Should().Be(number);
        body.GetProperty("status").GetString().Should().Be("ready");
        (await ReportsOwnedByAsync(person)).Should().Equal(number);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_makes_nothing()
    {
        var (person, token) = await SignedInAsync("李广");
        var key = Guid.NewGuid().ToString();
        using var first = await stack.Http.SendAsync(Request(token, key, Download));
        var number = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        using var other = await stack.Http.SendAsync(Request(token, key, new { kind = "records", range = "3m", delivery = "download" }));

        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("idempotency_key_reused");
        (await ReportsOwnedByAsync(person)).Should().Equal(number);
    }

    [Fact]
    public async Task Keys_are_per_person_and_requests_without_a_key_are_each_new()
    {
        var (one, oneToken) = await SignedInAsync("张骞");
        var (other, otherToken) = await SignedInAsync("苏武");
        const string key = "shared-key-2026";

        using var mine = await stack.Http.SendAsync(Request(oneToken, key, Download));
        using var theirs = await stack.Http.SendAsync(Request(otherToken, key, Download));
        using var unkeyed1 = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", oneToken, Download));
        using var unkeyed2 = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", oneToken, Download));

        var numbers = new List<string?>();
        foreach (var response in new[] { mine, theirs, unkeyed1, unkeyed2 })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        }

        numbers.Should().OnlyHaveUniqueItems();
        (await ReportsOwnedByAsync(one)).Should().HaveCount(3);
        (await ReportsOwnedByAsync(other)).Should().Equal(numbers[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData(129)]
    public async Task A_malformed_key_is_a_problem_naming_the_header(object key)
    {
        var (person, token) = await SignedInAsync("班超");
        using var request = Request(token, "placeholder", Download);
        request.Headers.Remove("Idempotency-Key");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key is int length ? new string('k', length) : (string)key);

        using var response = await stack.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("invalid_idempotency_key");
        problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
        (await ReportsOwnedByAsync(person)).Should().BeEmpty();
    }

    private static HttpRequestMessage Request(string token, string key, object body)
    {
        var request = StackFixture.Authorized(HttpMethod.Post, "/api/reports", token, body);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<(TestPerson Person, string Token)> SignedInAsync(string name)
    {
        var person = TestPerson.Create(name);
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Take(4).Select(person.CrossingLine)]);
        return (person, await stack.SignInAsync(person.Name, person.IdNumber));
    }

    private async Task<List<string>> ReportsOwnedByAsync(TestPerson person)
    {
        var table = new TableClient(stack.Azurite.ConnectionString, "Reports");
        var owner = PersonKeyOf(person.IdNumber);
        var numbers = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.GetString("Owner") == owner))
        {
            numbers.Add(entity.PartitionKey);
        }

        return numbers;
    }

    private async Task<int> ClaimsOfAsync(TestPerson person)
    {
        var table = new TableClient(stack.Azurite.ConnectionString, "IdempotencyKeys");
        var count = 0;
        var personKey = PersonKeyOf(person.IdNumber);
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == personKey))
        {
            count++;
        }

        return count;
    }

    private string PersonKeyOf(string idNumber) => stack.PersonKeyOf(idNumber).Value;
}
