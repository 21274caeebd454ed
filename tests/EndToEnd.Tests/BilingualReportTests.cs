using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EntryExit.TestSupport;
using UglyToad.PdfPig;

namespace EntryExit.EndToEnd.Tests;

/// <summary>The e-file's language (SPEC §2.5): zh by default, zh-en on request, anything else a problem naming the field.</summary>
[Collection(StackCollection.Name)]
public sealed partial class BilingualReportTests(StackFixture stack)
{
    [Theory]
    [InlineData("en")]
    [InlineData("ZH-EN")]
    [InlineData("")]
    public async Task A_language_other_than_zh_or_zh_en_is_a_problem_naming_the_field(string language)
    {
        var (person, token) = await SignedInAsync("柳如是", nameLatin: null);

        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "1y", delivery = "download", language }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("invalid_language");
        problem.GetProperty("errors").TryGetProperty("language", out _).Should().BeTrue();
        person.Should().NotBeNull();
    }

    [Fact]
    public async Task A_zh_en_e_file_says_its_language_carries_both_and_the_passport_spelling_and_verifies()
    {
        var (person, token) = await SignedInAsync("钱学森", nameLatin: "QIAN XUESEN");

        var (number, report, pdf) = await RequestAsync(token, new { kind = "records", range = "1y", delivery = "download", language = "zh-en" });

        report.GetProperty("language").GetString().Should().Be("zh-en");
        using var document = PdfDocument.Open(pdf);
        // Readers disagree on spaces, never on the characters.
        var text = Whitespace().Replace(string.Concat(document.GetPages().Select(p => p.Text)), "");
        text.Should().Contain("出入境记录查询结果（电子文件）EntryandExitRecordsInquiryResult(ElectronicFile)")
            .And.Contain("QIANXUESEN(钱学森)").And.Contain("罗湖Luohu").And.Contain("深圳湾ShenzhenBay")
            .And.Contain("第1页共").And.Contain("/Page1of");

        using var check = new HttpRequestMessage(HttpMethod.Post, "/api/verifications/document") { Content = new ByteArrayContent(pdf) };
        check.Content.Headers.ContentType = new("application/pdf");
        using var checkedResponse = await stack.Http.SendAsync(check);
        var body = await checkedResponse.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("signatureValid").GetBoolean().Should().BeTrue();
        body.GetProperty("unaltered").GetBoolean().Should().BeTrue();
        body.GetProperty("matchesRecord").GetBoolean().Should().BeTrue();

        var code = PrintedCode().Match(text).Groups[1].Value;
        using var lookup = await stack.Http.GetAsync($"/api/verifications/document/{number}?code={code}");
        lookup.StatusCode.Should().Be(HttpStatusCode.OK);
        var recorded = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        recorded.GetProperty("language").GetString().Should().Be("zh-en");
        recorded.ToString().Should().NotContain("QIAN").And.NotContain(person.IdNumber);
    }

    [Fact]
    public async Task Without_a_language_the_e_file_is_chinese_only_as_before()
    {
        var (_, token) = await SignedInAsync("王维", nameLatin: "WANG WEI");

        var (_, report, pdf) = await RequestAsync(token, new { kind = "issuances", delivery = "download" });

        report.GetProperty("language").GetString().Should().Be("zh");
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        text.Should().Contain("护照签发记录查询结果（电子文件）").And.NotContain("WANG").And.NotContain("Passport");
    }

    private async Task<(TestPerson Person, string Token)> SignedInAsync(string name, string? nameLatin)
    {
        var person = TestPerson.Create(name);
        var line = JsonNode.Parse(person.PersonLine(withPhoto: false))!.AsObject();
        if (nameLatin is not null)
        {
            line["nameLatin"] = nameLatin;
        }

        await stack.ImportAsync([line.ToJsonString(), person.PhotoLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        return (person, await stack.SignInAsync(person.Name, person.IdNumber));
    }

    private async Task<(string Number, JsonElement Report, byte[] Pdf)> RequestAsync(string token, object body)
    {
        var (number, report) = await stack.RequestReportAsync(token, body, "ready", TimeSpan.FromSeconds(90));
        using var plain = new HttpClient();
        return (number, report, await plain.GetByteArrayAsync(new Uri(report.GetProperty("downloadUrl").GetString()!)));
    }

    [GeneratedRegex("校验码：([A-Z0-9]{10})")]
    private static partial Regex PrintedCode();

    [GeneratedRegex("\\s")]
    private static partial Regex Whitespace();
}
