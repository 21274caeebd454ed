using EntryExit.Core.Purge;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Purge;

/// <summary>Operator purge of one person (photo, e-files, every row under the person key), behind a function key.</summary>
public sealed class PersonPurgeFunction(PersonPurgeService purge)
{
    [Function("PurgePerson")]
    public async Task<IActionResult> Purge(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/ops/persons/purge")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadAsync<PersonPurgeRequest>(request, cancellationToken);
        if (!body.IsSuccess)
        {
            return ApiResults.Problem(body.Problem);
        }

        return ApiResults.From(await purge.PurgeAsync(body.Value, cancellationToken), purged => ApiResults.Json(
            StatusCodes.Status200OK,
            new { found = purged.Person, rows = purged.Rows, reports = purged.Reports }));
    }
}
