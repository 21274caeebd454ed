using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Issuances;

/// <summary><c>GET /api/issuances</c>: the passports issued to the person (SPEC §2.4).</summary>
public sealed class IssuancesFunction(IdentityService identity, IssuancesService issuances)
{
    [Function("ListIssuances")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/issuances")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync(request, identity, async grant =>
            ApiResults.From(await issuances.ListAsync(grant, ClientAddresses.Of(request), cancellationToken), list => ApiResults.Json(StatusCodes.Status200OK, new
            {
                idNumberMasked = list.IdNumberMasked,
                passports = list.Passports.Select(p => new
                {
                    number = p.PassportNumber,
                    issuedOn = ApiJson.Date(p.IssuedOn),
                    expiresOn = ApiJson.Date(p.ExpiresOn),
                    issuingAuthority = p.IssuingAuthority,
                    status = p.Status.Code(),
                    statusName = p.Status.ChineseName(),
                }),
            })), cancellationToken);
}
