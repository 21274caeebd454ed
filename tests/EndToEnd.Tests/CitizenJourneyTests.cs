using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Reports;
using EntryExit.Core.Telemetry;
using EntryExit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace EntryExit.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class CitizenJourneyTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Import_verify_query_and_an_emailed_report_that_holds_every_crossing()
    {
        var person = TestPerson.Create("买买提·艾力");
        var trips = TestCrossing.RecentTrips();
        var old = new TestCrossing("exit", DateTimeOffset.UtcNow.AddYears(-2), "passport", "E60000001", "首都国际机场", "CA981");
        var import = await stack.ImportAsync([person.PersonLine(), .. trips.Select(person.CrossingLine), person.CrossingLine(old)]);
        import.GetProperty("status").GetString().Should().Be("completed");
        import.GetProperty("accepted").GetInt64().Should().Be(trips.Count + 3, "the person, their reference photo, the trips and the old crossing");
        import.GetProperty("rejected").GetInt64().Should().Be(0);

        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        using var query = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "1y" }));
        query.StatusCode.Should().Be(HttpStatusCode.OK, await query.Content.ReadAsStringAsync());
        var page = await query.Content.ReadFromJsonAsync<JsonElement>();
        var records = page.GetProperty("records").EnumerateArray().ToList();
        records.Select(r => r.GetProperty("at").GetString()).Should().Equal(
            trips.OrderByDescending(t => t.At).Select(t => t.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
        records.Select(r => r.GetProperty("seq").GetInt32()).Should().Equal(Enumerable.Range(1, trips.Count));
        records[0].GetProperty("directionName").GetString().Should().BeOneOf("出境", "入境");
        page.GetProperty("continuationToken").ValueKind.Should().Be(JsonValueKind.Null);

        var recipient = $"citizen-{Guid.NewGuid():N}@example.test";
        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "1y", delivery = "email", email = recipient, password = "Secret2026" }));
        requested.StatusCode.Should().Be(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        requested.Headers.Location!.ToString().Should().Be($"/api/reports/{number}");

        await Eventually.UntilAsync(async () => await StatusAsync(token, number) == "sent", Patience, because: $"report {number} should be sent");
        var summary = await stack.Smtp.WaitForMessageAsync(m => m.To.Contains(recipient), Patience);
        var message = await stack.Smtp.GetMimeMessageAsync(summary.Id);
        message.Subject.Should().Contain(number);
        var attachment = message.Attachments.OfType<MimeKit.MimePart>().Should().ContainSingle().Subject;
        attachment.FileName.Should().Be($"{number}.pdf");
        using var pdfStream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfStream);

        var encrypted = () => PdfDocument.Open(pdfStream.ToArray());
        encrypted.Should().Throw<Exception>("an emailed e-file opens only with the citizen's password");
        using var pdf = PdfDocument.Open(pdfStream.ToArray(), new UglyToad.PdfPig.ParsingOptions { Password = "Secret2026" });
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        text.Should().Contain(number).And.Contain("买买提·艾力").And.Contain(person.IdNumber);
        foreach (var trip in trips)
        {
            text.Should().Contain(trip.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).And.Contain(trip.Port);
        }

        text.Should().NotContain(old.At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        text.Should().Contain("C60000001").And.Contain("E60000001").And.Contain("CA933");

        AssertNoPersonalDataInLogs(person);
        AssertTraced(number);
    }

    [Fact]
    public async Task A_downloaded_report_is_a_short_lived_url_that_a_plain_get_fetches_until_it_is_purged()
    {
        var person = TestPerson.Create("王秀英");
        var trips = TestCrossing.RecentTrips();
        await stack.ImportAsync([person.PersonLine(), .. trips.Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "3m", delivery = "download" }));
        requested.StatusCode.Should().Be(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        await Eventually.UntilAsync(async () => await StatusAsync(token, number) == "ready", Patience, because: $"report {number} should be ready");
        var report = await ReportAsync(token, number);
        report.GetProperty("pages").GetInt32().Should().BeGreaterThan(0);
        var url = new Uri(report.GetProperty("downloadUrl").GetString()!);
        url.Query.Should().Contain("se=").And.Contain("sig=");
        url.AbsolutePath.Should().NotContain(person.IdNumber);
        using var plain = new HttpClient();
        var bytes = await plain.GetByteArrayAsync(url);
        bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8).Should().BeTrue();

        // A week and a day later the purge deletes the file and marks the report expired.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8));
        var purger = ActivatorUtilities.CreateInstance<ReportPurger>(stack.Host.Services, later);
        var overlapping = ActivatorUtilities.CreateInstance<ReportPurger>(stack.Host.Services, later);

        // Two purges at once (two timer instances): each report is marked expired by exactly one of them.
        var counts = await Task.WhenAll(purger.PurgeAsync(CancellationToken.None), overlapping.PurgeAsync(CancellationToken.None));
        counts.Sum().Should().BeGreaterThanOrEqualTo(1);
        (await purger.PurgeAsync(CancellationToken.None)).Should().Be(0, "a later purge finds nothing left to do");

        var expired = await ReportAsync(token, number);
        expired.GetProperty("status").GetString().Should().Be("expired");
        expired.GetProperty("downloadUrl").ValueKind.Should().Be(JsonValueKind.Null);
        (await plain.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_name_and_an_unknown_number_get_the_same_answer()
    {
        var person = TestPerson.Create("张三");
        await stack.ImportAsync([person.PersonLine()]);
        var stranger = TestPerson.Create("张三");

        using var wrongName = await stack.Http.PostAsJsonAsync("/api/identity/verifications", new { name = "李四", idNumber = person.IdNumber });
        using var unknown = await stack.Http.PostAsJsonAsync("/api/identity/verifications", new { name = "张三", idNumber = stranger.IdNumber });

        wrongName.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        unknown.StatusCode.Should().Be(wrongName.StatusCode);
        (await unknown.Content.ReadAsByteArrayAsync()).Should().Equal(await wrongName.Content.ReadAsByteArrayAsync());
        unknown.Content.Headers.ContentType!.ToString().Should().StartWith("application/problem+json");
        Headers(unknown).Should().Equal(Headers(wrongName));
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("identity_not_verified");
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        using var badId = await stack.Http.PostAsJsonAsync("/api/identity/verifications", new { name = "张三", idNumber = "110105194912310021" });
        badId.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await badId.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("invalid_id_number");
        problem.GetProperty("errors").TryGetProperty("idNumber", out _).Should().BeTrue();

        using var notJson = await stack.Http.PostAsync("/api/identity/verifications", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        notJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Citizen_endpoints_need_a_valid_token_and_signing_out_revokes_it()
    {
        using var anonymous = await stack.Http.PostAsJsonAsync("/api/records/query", new { range = "1y" });
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("token_invalid");

        var person = TestPerson.Create("赵敏");
        await stack.ImportAsync([person.PersonLine()]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        using var before = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "3m" }));
        before.StatusCode.Should().Be(HttpStatusCode.OK);

        using var signOut = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Delete, "/api/identity/session", token));
        signOut.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var after = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/records/query", token, new { range = "3m" }));
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_checks_tables_blobs_and_queues()
    {
        using var response = await stack.Http.GetAsync("/api/health");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("healthy");
        foreach (var check in new[] { "tables", "blobs", "queues" })
        {
            body.GetProperty("checks").GetProperty(check).GetString().Should().Be("healthy");
        }
    }

    /// <summary>Every header but Date, which differs by the second.</summary>
    private static List<string> Headers(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date").Select(h => $"{h.Key}: {string.Join(",", h.Value)}").Order(StringComparer.Ordinal)];

    private async Task<JsonElement> ReportAsync(string token, string number)
    {
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> StatusAsync(string token, string number) =>
        (await ReportAsync(token, number)).GetProperty("status").GetString();

    /// <summary>Log lines, and everything exported as telemetry (spans, metric dimensions, log records).</summary>
    private void AssertNoPersonalDataInLogs(TestPerson person)
    {
        ExportedTelemetry.Flush(stack.Host.Services);
        var exported = stack.Telemetry.Everything();
        stack.Logs.Lines.Should().NotBeEmpty();
        exported.Should().Contain(l => l.StartsWith("span ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("metric ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("log ", StringComparison.Ordinal));
        foreach (var line in stack.Logs.Lines.Concat(exported))
        {
            line.Should().NotContain(person.IdNumber).And.NotContain(person.Name).And.NotContain("买买提");
        }
    }

    /// <summary>The journey is traced end to end: HTTP in, each queue stage, the storage calls; and counted.</summary>
    private void AssertTraced(string number)
    {
        var spans = stack.Telemetry.Spans;
        spans.Should().Contain(s => s.Source.Name == "Microsoft.AspNetCore", "incoming HTTP requests are traced");
        foreach (var stage in new[] { "RenderReport", "EmailReport", "RunImport" })
        {
            spans.Should().Contain(s => s.Source.Name == "EntryExit.DevHost" && (string?)s.GetTagItem("faas.name") == stage, $"the {stage} stage is traced");
        }

        spans.Should().Contain(s => s.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal), "table calls are traced");
        spans.Should().Contain(s => s.Source.Name.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal), "blob calls are traced");
        spans.Should().Contain(s => s.Source.Name.StartsWith("Azure.Storage.Queues", StringComparison.Ordinal), "queue calls are traced");

        // Counted with the MeterListener and exported alike (number is this test's report; others run in the same host).
        stack.Metrics.Sum(EntryExitMetrics.Names.ReportsSent, ("kind", "records"), ("language", "zh")).Should().BeGreaterThanOrEqualTo(1, $"report {number} was sent");
        foreach (var instrument in new[] { EntryExitMetrics.Names.ReportsRequested, EntryExitMetrics.Names.ReportsReady, EntryExitMetrics.Names.ReportsSent })
        {
            stack.Telemetry.Sum(instrument, ("kind", "records")).Should().Be(stack.Metrics.Sum(instrument, ("kind", "records")), $"{instrument} is exported as measured");
        }

        stack.Metrics.Of(EntryExitMetrics.Names.RenderDuration).Should().NotBeEmpty().And.OnlyContain(m => m.Value > 0);
        stack.Metrics.Sum(EntryExitMetrics.Names.ImportLines, ("outcome", "accepted")).Should().BeGreaterThan(0);
        stack.Metrics.Sum(EntryExitMetrics.Names.Verifications, ("outcome", "verified")).Should().BeGreaterThan(0);
    }
}
