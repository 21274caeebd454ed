using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Reports;

/// <summary><c>/api/reports</c>: request an e-file, then follow it (SPEC §2.5).</summary>
public sealed class ReportFunctions(IdentityService identity, ReportService reports)
{
    [Function("RequestReport")]
    public Task<IActionResult> Request(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync<ReportRequest>(request, identity, async (grant, body) =>
            ApiResults.From(await reports.RequestAsync(grant, body, IdempotencyKey(request), ClientAddresses.Of(request), cancellationToken), report => ApiResults.Json(
                StatusCodes.Status202Accepted,
                new { number = report.Number.Value, status = report.Status.Code() },
                location: $"/api/reports/{report.Number}")), cancellationToken);

    [Function("GetReport")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/{number}")] HttpRequest request,
        string number,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync(request, identity, async grant =>
            ApiResults.From(await reports.GetAsync(grant, number, cancellationToken), view => ApiResults.Json(StatusCodes.Status200OK, new
            {
                number = view.Report.Number.Value,
                kind = view.Report.Kind.Code(),
                language = view.Report.Language.Code(),
                status = view.Report.Status.Code(),
                pages = view.Report.Pages,
                downloadUrl = view.DownloadUrl?.AbsoluteUri,
                expiresAt = view.Report.ExpiresAt is { } expiresAt ? ApiJson.Time(expiresAt) : null,
            })), cancellationToken);

    /// <summary>The <c>Idempotency-Key</c> header as sent (null when absent), for the service to check.</summary>
    private static string? IdempotencyKey(HttpRequest request) =>
        request.Headers.TryGetValue("Idempotency-Key", out var values) ? values.ToString() : null;
}
