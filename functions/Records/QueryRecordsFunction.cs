using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Records;

/// <summary><c>POST /api/records/query</c>: the person's crossings in a range, newest first, paged (SPEC §2.3).</summary>
public sealed class QueryRecordsFunction(IdentityService identity, RecordsService records)
{
    [Function("QueryRecords")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/records/query")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync<RecordsQuery>(request, identity, async (grant, query) =>
            ApiResults.From(await records.QueryAsync(grant, query, ClientAddresses.Of(request), cancellationToken), page => ApiResults.Json(StatusCodes.Status200OK, new
            {
                from = ApiJson.Date(page.Range.From),
                to = ApiJson.Date(page.Range.To),
                documents = page.Documents.Select(d => new { kind = d.Kind.Code(), number = d.Number }),
                records = page.Crossings.Select((c, i) => new
                {
                    seq = page.FirstSequence + i,
                    direction = c.Direction.Code(),
                    directionName = c.Direction.ChineseName(),
                    at = ApiJson.Time(c.At),
                    documentKind = c.DocumentKind.Code(),
                    documentName = c.DocumentKind.ChineseName(),
                    documentNumber = c.DocumentNumber,
                    port = c.Port,
                    flightNumber = c.FlightNumber,
                }),
                continuationToken = page.ContinuationToken,
            })), cancellationToken);
}
