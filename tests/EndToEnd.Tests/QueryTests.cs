using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.DemoData;

namespace EntryExit.EndToEnd.Tests;

/// <summary>The demo population imported whole, then queried as its people would.</summary>
[Collection(StackCollection.Name)]
public sealed class QueryTests(StackFixture stack) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static JsonElement? _demoImport;

    public async Task InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_demoImport is null)
            {
                var today = DemoPopulation.ChinaToday(TimeProvider.System);
                var ndjson = DemoPopulation.ToNdjson(DemoPopulation.Generate(20261125, today));
                _demoImport = await stack.ImportAsync(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        finally
        {
            Once.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_line_of_the_demo_population_is_accepted()
    {
        var import = _demoImport!.Value;
        import.GetProperty("status").GetString().Should().Be("completed");
        import.GetProperty("rejected").GetInt64().Should().Be(0, import.GetProperty("errors").ToString());
        import.GetProperty("accepted").GetInt64().Should().BeGreaterThan(7300);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var token = await stack.SignInAsync(DemoIdentities.SeparatorName, DemoIdentities.SeparatorIdNumber);
        var before = await DocumentsAsync(token);
        var today = DemoPopulation.ChinaToday(TimeProvider.System);
        var again = await stack.ImportAsync(DemoPopulation.ToNdjson(DemoPopulation.Generate(20261125, today)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        again.GetProperty("accepted").GetInt64().Should().Be(_demoImport!.Value.GetProperty("accepted").GetInt64());
        (await DocumentsAsync(token)).ToString().Should().Be(before.ToString());
    }

    [Fact]
    public async Task Documents_list_kinds_statuses_and_endorsements_newest_first()
    {
        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        var documents = (await DocumentsAsync(token)).GetProperty("documents").EnumerateArray().ToList();
        documents.Should().NotBeEmpty();
        documents.Select(d => d.GetProperty("issuedOn").GetString()).Should().BeInDescendingOrder();
        var permit = documents.First(d => d.GetProperty("kind").GetString() == "hk_macau_permit");
        permit.GetProperty("kindName").GetString().Should().Be("往来港澳通行证");
        documents.Select(d => d.GetProperty("status").GetString()).Should().OnlyContain(s => s == "valid" || s == "expired" || s == "void" || s == "reported_lost");
        var endorsement = documents.SelectMany(d => d.GetProperty("endorsements").EnumerateArray()).First();
        endorsement.GetProperty("destination").GetString().Should().BeOneOf("香港", "澳门", "台湾");
        endorsement.GetProperty("typeName").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Paging_through_the_commuters_ten_years_yields_every_record_once_in_order()
    {
        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        var all = new List<JsonElement>();
        string? continuation = null;
        do
        {
            using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token,
                new { range = "10y", pageSize = 500, continuationToken = continuation }));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            all.AddRange(page.GetProperty("records").EnumerateArray());
            continuation = page.GetProperty("continuationToken").GetString();
        }
        while (continuation is not null);

        all.Count.Should().BeGreaterThanOrEqualTo(7300);
        all.Select(r => r.GetProperty("seq").GetInt32()).Should().Equal(Enumerable.Range(1, all.Count));
        var instants = all.Select(r => DateTimeOffset.Parse(r.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)).ToList();
        instants.Should().BeInDescendingOrder();
        instants.Should().OnlyHaveUniqueItems();
        var earliest = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date.AddYears(-10).AddDays(-1);
        instants.Should().OnlyContain(at => at.Date >= earliest);
    }

    [Fact]
    public async Task A_tampered_or_moved_continuation_token_is_refused()
    {
        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        using var first = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "1y", pageSize = 10 }));
        var next = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("continuationToken").GetString()!;

        var tampered = next[..^2] + (next[^2] == 'A' ? "B" : "A") + next[^1];
        using var bad = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "1y", continuationToken = tampered }));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("invalid_continuation_token");

        using var otherRange = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "5y", continuationToken = next }));
        otherRange.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var someoneElse = await stack.SignInAsync(DemoIdentities.SeparatorName, DemoIdentities.SeparatorIdNumber);
        using var otherPerson = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", someoneElse, new { range = "1y", continuationToken = next }));
        otherPerson.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var good = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "1y", pageSize = 10, continuationToken = next }));
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records")[0].GetProperty("seq").GetInt32().Should().Be(11);
    }

    [Fact]
    public async Task A_document_of_someone_else_is_not_found_and_ones_own_filters_the_records()
    {
        var commuter = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        var commuterDocuments = (await DocumentsAsync(commuter)).GetProperty("documents").EnumerateArray().ToList();
        var permit = commuterDocuments.First(d => d.GetProperty("kind").GetString() == "hk_macau_permit");
        var selection = new[] { new { kind = "hk_macau_permit", number = permit.GetProperty("number").GetString() } };

        using var own = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", commuter, new { range = "10y", documents = selection }));
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        var records = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records").EnumerateArray().ToList();
        records.Should().OnlyContain(r => r.GetProperty("documentNumber").GetString() == selection[0].number);

        var other = await stack.SignInAsync(DemoIdentities.SeparatorName, DemoIdentities.SeparatorIdNumber);
        using var theirs = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", other, new { range = "10y", documents = selection }));
        theirs.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("document_not_found");

        using var seaman = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", other,
            new { range = "1y", documents = new[] { new { kind = "seamans_book", number = "S1234567" } } }));
        (await seaman.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("counter_required");
    }

    [Fact]
    public async Task Ranges_beyond_ten_years_send_the_citizen_to_a_kiosk()
    {
        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token,
            new { range = "custom", from = today.AddYears(-10).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("range_exceeds_online_limit");
        problem.GetProperty("detail").GetString().Should().Contain("自助查询机");
    }

    [Fact]
    public async Task Issuances_show_the_masked_number_and_every_passport()
    {
        var token = await stack.SignInAsync(DemoIdentities.CommuterName, DemoIdentities.CommuterIdNumber);
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/issuances", token));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("idNumberMasked").GetString().Should().Be("440304********137X");
        var passports = body.GetProperty("passports").EnumerateArray().ToList();
        passports.Should().NotBeEmpty();
        passports.Select(p => p.GetProperty("issuedOn").GetString()).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task Official_passports_and_seamans_books_never_appear_online()
    {
        var person = TestPerson.Create("海员甲");
        var at = DateTimeOffset.UtcNow.AddDays(-20);
        var lines = new[]
        {
            person.PersonLine(),
            """{"type":"document","idNumber":"ID","kind":"seamans_book","number":"S7654321","status":"valid","issuedOn":"2020-01-01","expiresOn":"2030-01-01","issuingAuthority":"海事局","placeOfIssue":"上海"}""".Replace("ID", person.IdNumber, StringComparison.Ordinal),
            """{"type":"document","idNumber":"ID","kind":"passport","number":"E7654321","status":"valid","issuedOn":"2021-01-01","expiresOn":"2031-01-01","issuingAuthority":"国家移民管理局","placeOfIssue":"上海"}""".Replace("ID", person.IdNumber, StringComparison.Ordinal),
            person.CrossingLine(new TestCrossing("exit", at, "seamans_book", "S7654321", "吴淞口", "")),
            person.CrossingLine(new TestCrossing("exit", at.AddDays(1), "passport", "E7654321", "浦东国际机场", "MU501")),
        };
        var import = await stack.ImportAsync(lines);
        import.GetProperty("rejected").GetInt64().Should().Be(0);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        var documents = (await DocumentsAsync(token)).GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ToList();
        documents.Should().Equal("passport");
        using var query = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "3m" }));
        var records = (await query.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records").EnumerateArray().ToList();
        records.Select(r => r.GetProperty("documentKind").GetString()).Should().Equal("passport");
    }

    private async Task<JsonElement> DocumentsAsync(string token)
    {
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/documents", token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
