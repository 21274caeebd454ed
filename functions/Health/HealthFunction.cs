using EntryExit.Core.Health;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Health;

public sealed class HealthFunction(HealthService health)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);

        // A 503 says when to look again, as a header and in the body, like every 429 and 503 of the API.
        return report.Healthy
            ? ApiResults.Json(StatusCodes.Status200OK, new { status = report.Status, checks = report.Checks })
            : ApiResults.Json(
                StatusCodes.Status503ServiceUnavailable,
                new { status = report.Status, checks = report.Checks, retryAfter = HealthService.RetryAfterSeconds },
                retryAfterSeconds: HealthService.RetryAfterSeconds);
    }
}
