using EntryExit.Core.Import;
using EntryExit.Core.Problems;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Import;

/// <summary>Operator imports of NDJSON (SPEC §5.1), behind a function key: upload, then follow.</summary>
public sealed class ImportFunctions(ImportService imports, ImportRunner runner)
{
    [Function("StartImport")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/ops/imports")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return ApiResults.Problem(ApiProblems.EmptyImport());
        }

        var status = await imports.StartAsync(request.Body, cancellationToken);
        return ApiResults.Json(StatusCodes.Status202Accepted, new { importId = status.ImportId, status = status.Status.Code() }, location: $"/api/ops/imports/{status.ImportId}");
    }

    [Function("GetImport")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ops/imports/{importId}")] HttpRequest request,
        string importId,
        CancellationToken cancellationToken)
    {
        var status = await imports.FindAsync(importId, cancellationToken);
        return status is null
            ? ApiResults.Problem(ApiProblems.ImportNotFound())
            : ApiResults.Json(StatusCodes.Status200OK, new
            {
                importId = status.ImportId,
                status = status.Status.Code(),
                linesRead = status.LinesRead,
                accepted = status.Accepted,
                rejected = status.Rejected,
                errors = status.Errors.Select(e => new { line = e.Line, code = e.Code }),
            });
    }

    [Function("RunImport")]
    public Task Run([QueueTrigger(IImportQueue.Name)] string importId, CancellationToken cancellationToken) =>
        runner.RunAsync(importId.Trim(), cancellationToken);
}
