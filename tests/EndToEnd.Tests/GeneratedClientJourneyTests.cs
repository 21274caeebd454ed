using System.Net.Http.Headers;
using EntryExit.ApiClient;
using EntryExit.ApiClient.Models;
using EntryExit.EndToEnd.Tests.Contract;
using EntryExit.TestSupport;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using UglyToad.PdfPig;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// The whole citizen journey through the client Kiota generates from openapi.yaml at build time (tests/ApiClient),
/// as a mobile team would use it: every HTTP call below is the generated client's, and each response is also checked
/// against the document by the same handler as every other end-to-end test.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class GeneratedClientJourneyTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_citizen_walks_the_whole_journey_through_the_generated_client()
    {
        var person = TestPerson.Create("欧阳明月");
        var trips = TestCrossing.RecentTrips();
        await stack.ImportAsync([
            person.PersonLine(), .. trips.Select(person.CrossingLine),
            $$"""{"type":"issuance","idNumber":"{{person.IdNumber}}","passportNumber":"E60000001","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"深圳市公安局出入境管理局","status":"valid"}""",
        ]);

        // Verify with face: name + number, then the liveness answer.
        using var anonymousHttp = ContractCheckedHttp(token: null);
        var anonymous = Client(anonymousHttp);
        var started = await anonymous.Api.Identity.Verifications.PostAsync(new VerificationRequest { Name = person.Name, IdNumber = person.IdNumber });
        started!.Liveness!.Provider.Should().Be("development");
        var token = (await anonymous.Api.Identity.Verifications[started.VerificationId].Liveness.PostAsync(
            new LivenessAnswer { Result = StackFixture.LivenessAnswer(started.Liveness.Challenge!, person.IdNumber) }))!;
        token.AccessToken.Should().NotBeNullOrEmpty();
        token.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow);

        using var http = ContractCheckedHttp(token.AccessToken);
        var citizen = Client(http);

        var documents = await citizen.Api.Documents.GetAsync();
        documents!.Documents.Should().NotBeNull();

        // Records, paged to the end.
        var records = new List<Crossing>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await citizen.Api.Records.Query.PostAsync(new RecordsQuery { Range = RangeObject.Oney, PageSize = 7, ContinuationToken = continuation });
            records.AddRange(page!.Records!);
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null);
        pages.Should().Be((trips.Count + 6) / 7);
        records.Select(r => r.Seq).Should().Equal(Enumerable.Range(1, trips.Count).Select(i => (int?)i));
        records.Select(r => r.At).Should().BeInDescendingOrder();
        records.Select(r => r.Port).Should().Contain("罗湖");

        var issuances = await citizen.Api.Issuances.GetAsync();
        issuances!.Passports!.Select(p => p.Number).Should().Equal("E60000001");
        issuances.IdNumberMasked.Should().Be(person.IdNumber[..6] + "********" + person.IdNumber[^4..]);

        // A report by download, requested with an Idempotency-Key as a retrying app would.
        var download = await citizen.Api.Reports.PostAsync(
            new ReportRequest { Kind = ReportRequest_kind.Records, Range = RangeObject.Oney, Delivery = ReportRequest_delivery.Download },
            c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        download!.Status.Should().Be(ReportStatusCode.Queued);
        var ready = await WaitForAsync(citizen, download.Number!, ReportStatusCode.Ready);
        ready.DownloadUrl.Should().NotBeNullOrEmpty();
        using (var plain = new HttpClient())
        {
            using var pdf = PdfDocument.Open(await plain.GetByteArrayAsync(new Uri(ready.DownloadUrl!)));
            pdf.NumberOfPages.Should().Be(ready.Pages);
        }

        // A report by email.
        var recipient = $"kiota-{Guid.NewGuid():N}@example.test";
        var emailed = await citizen.Api.Reports.PostAsync(new ReportRequest
        {
            Kind = ReportRequest_kind.Issuances, Delivery = ReportRequest_delivery.Email, Email = recipient, Password = "Secret2026",
        });
        await WaitForAsync(citizen, emailed!.Number!, ReportStatusCode.Sent);
        var mail = await stack.Smtp.WaitForMessageAsync(m => m.To.Contains(recipient), Patience);
        mail.Subject.Should().Contain(emailed.Number);

        // Sign out: the token stops working at once.
        await citizen.Api.Identity.Session.DeleteAsync();
        var afterwards = async () => await citizen.Api.Documents.GetAsync();
        (await afterwards.Should().ThrowAsync<ApiException>()).Which.ResponseStatusCode.Should().Be(401);
    }

    private static async Task<ReportStatus> WaitForAsync(EntryExitClient client, string number, ReportStatusCode wanted)
    {
        ReportStatus? status = null;
        await Eventually.UntilAsync(async () =>
        {
            status = await client.Api.Reports[number].GetAsync();
            return status!.Status == wanted;
        }, Patience, because: $"report {number} should become {wanted}");
        return status!;
    }

    private static HttpClient ContractCheckedHttp(string? token)
    {
        var http = new HttpClient(new ContractCheckingHandler(OpenApiContract.Current));
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private EntryExitClient Client(HttpClient http) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = stack.Http.BaseAddress!.ToString().TrimEnd('/'),
        });
}
