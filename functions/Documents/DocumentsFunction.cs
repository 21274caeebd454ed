using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Documents;

/// <summary><c>GET /api/documents</c>: the person's travel documents and endorsements (SPEC §2.2).</summary>
public sealed class DocumentsFunction(IdentityService identity, DocumentsService documents)
{
    [Function("ListDocuments")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/documents")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync(request, identity, async grant =>
        {
            var list = await documents.ListAsync(grant, ClientAddresses.Of(request), cancellationToken);
            return ApiResults.Json(StatusCodes.Status200OK, new
            {
                documents = list.Select(d => new
                {
                    kind = d.Kind.Code(),
                    kindName = d.Kind.ChineseName(),
                    number = d.Number,
                    status = d.Status.Code(),
                    statusName = d.Status.ChineseName(),
                    issuedOn = ApiJson.Date(d.IssuedOn),
                    expiresOn = ApiJson.Date(d.ExpiresOn),
                    issuingAuthority = d.IssuingAuthority,
                    placeOfIssue = d.PlaceOfIssue,
                    endorsements = d.Endorsements.Select(e => new
                    {
                        destination = e.Destination,
                        type = e.Type,
                        typeName = e.TypeName,
                        entries = e.Entries,
                        entriesName = e.EntriesName,
                        validFrom = ApiJson.Date(e.ValidFrom),
                        validUntil = ApiJson.Date(e.ValidUntil),
                        staysDays = e.StaysDays,
                    }),
                }),
            });
        }, cancellationToken);
}
