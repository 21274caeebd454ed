using EntryExit.Core.Import;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Ops;

/// <summary>Operator imports of NDJSON (SPEC §5.1), behind a function key.</summary>
public sealed class ImportFunctions(ImportService imports)
{
    [Function("StartImport")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/imports")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = await imports.ImportAsync(request.Body, cancellationToken);
        if (status.Accepted == 0 && status.Errors.Count > 0)
        {
            var first = status.Errors[0];
            return ApiResults.Problem(new Core.Problems.Problem(400, "invalid_import", "导入失败", $"第 {first.Line} 行无效（{first.Code}），没有导入任何记录。")
            {
                Errors = new Dictionary<string, string[]> { [$"line {first.Line}"] = [first.Code] },
            });
        }

        return ApiResults.Json(StatusCodes.Status202Accepted, new { importId = status.ImportId }, location: $"/api/ops/imports/{status.ImportId}");
    }

    [Function("GetImport")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/imports/{importId}")] HttpRequest request,
        string importId,
        CancellationToken cancellationToken)
    {
        var status = await imports.FindAsync(importId, cancellationToken);
        return status is null
            ? ApiResults.Problem(new Core.Problems.Problem(404, "import_not_found", "导入不存在", "未找到该导入。"))
            : ApiResults.Json(StatusCodes.Status200OK, new
            {
                status = status.Status,
                linesRead = status.LinesRead,
                accepted = status.Accepted,
                rejected = status.Rejected,
                errors = status.Errors.Select(e => new { line = e.Line, code = e.Code }),
            });
    }
}
