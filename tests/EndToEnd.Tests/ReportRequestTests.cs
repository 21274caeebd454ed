using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.TestSupport;
using UglyToad.PdfPig;

namespace EntryExit.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class ReportRequestTests(StackFixture stack)
{
    [Theory]
    [InlineData("not-an-address", "Secret2026", "invalid_email", "email")]
    [InlineData("me@example.test\r\nBcc: thief@example.test", "Secret2026", "invalid_email", "email")]
    [InlineData("me@example.test", "short1", "weak_password", "password")]
    [InlineData("me@example.test", "onlyletters", "weak_password", "password")]
    public async Task Bad_email_requests_are_problems_naming_the_field(string email, string password, string code, string field)
    {
        var token = await SignedInAsync("冯骥");
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "1y", delivery = "email", email, password }));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        problem.ToString().Should().NotContain("Secret2026").And.NotContain(password);
    }

    [Fact]
    public async Task Another_persons_report_is_not_found_exactly_like_one_that_does_not_exist()
    {
        var owner = await SignedInAsync("朱光");
        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", owner,
            new { kind = "records", range = "3m", delivery = "download" }));
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        var stranger = await SignedInAsync("秦风");
        using var theirs = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", stranger));
        using var unknown = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, "/api/reports/E200101000001", stranger));
        theirs.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await theirs.Content.ReadAsStringAsync()).Should().Be(await unknown.Content.ReadAsStringAsync());
        (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("report_not_found");
    }

    [Fact]
    public async Task The_issuances_e_file_shows_the_id_number_beside_every_passport()
    {
        var person = TestPerson.Create("许嵩");
        var first = """{"type":"issuance","idNumber":"ID","passportNumber":"E81234567","issuedOn":"2012-03-01","expiresOn":"2022-02-28","issuingAuthority":"深圳市公安局出入境管理局","status":"expired"}""";
        var second = """{"type":"issuance","idNumber":"ID","passportNumber":"EB8765432","issuedOn":"2022-03-15","expiresOn":"2032-03-14","issuingAuthority":"深圳市公安局出入境管理局","status":"valid"}""";
        await stack.ImportAsync([person.PersonLine(), first.Replace("ID", person.IdNumber, StringComparison.Ordinal), second.Replace("ID", person.IdNumber, StringComparison.Ordinal)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);

        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token, new { kind = "issuances", delivery = "download" }));
        requested.StatusCode.Should().Be(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        JsonElement report = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
            report = await response.Content.ReadFromJsonAsync<JsonElement>();
            return report.GetProperty("status").GetString() == "ready";
        }, TimeSpan.FromSeconds(60));

        report.GetProperty("kind").GetString().Should().Be("issuances");
        using var plain = new HttpClient();
        var bytes = await plain.GetByteArrayAsync(new Uri(report.GetProperty("downloadUrl").GetString()!));
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        text.Should().Contain("护照签发记录").And.Contain("E81234567").And.Contain("EB8765432");
        text.Split(person.IdNumber).Length.Should().BeGreaterThanOrEqualTo(3, "the ID number stands beside each of the two passports");
    }

    private async Task<string> SignedInAsync(string name)
    {
        var person = TestPerson.Create(name);
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        return await stack.SignInAsync(person.Name, person.IdNumber);
    }
}
