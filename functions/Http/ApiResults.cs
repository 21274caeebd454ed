using System.Globalization;
using EntryExit.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EntryExit.Functions.Http;

/// <summary>
/// The one place where results and problems become HTTP: JSON bodies, and RFC 9457 problem details with the stable
/// <c>code</c> (status and title from <see cref="ProblemStatuses"/>). Written straight to the response, so they need no MVC formatters in either host.
/// </summary>
public static class ApiResults
{
    public static IActionResult Json(int status, object body, string? location = null, int? retryAfterSeconds = null) =>
        new JsonBodyResult(status, body, location, retryAfterSeconds);

    /// <summary>A body that is not JSON (a document, a file), with its content type.</summary>
    public static IActionResult Bytes(int status, ReadOnlyMemory<byte> body, string contentType) => new BytesResult(status, body, contentType);

    public static IActionResult NoContent() => new StatusCodeResult(StatusCodes.Status204NoContent);

    public static IActionResult Problem(Problem problem) => new ProblemResult(problem);

    /// <summary>The value mapped by <paramref name="map"/>, or the problem.</summary>
    public static IActionResult From<T>(Result<T> result, Func<T, IActionResult> map) =>
        result.IsSuccess ? map(result.Value) : Problem(result.Problem);

    private sealed class JsonBodyResult(int status, object body, string? location, int? retryAfterSeconds) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await response.WriteAsJsonAsync(body, body.GetType(), ApiJson.Options, "application/json; charset=utf-8");
        }
    }

    private sealed class BytesResult(int status, ReadOnlyMemory<byte> body, string contentType) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }

    private sealed class ProblemResult(Problem problem) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            var (status, title) = ProblemStatuses.Of(problem.Code);
            response.StatusCode = status;
            if (problem.RetryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            var body = new Dictionary<string, object?>
            {
                ["type"] = $"https://entry-exit.example/problems/{problem.Code}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = problem.Detail,
                ["code"] = problem.Code,
            };
            if (problem.Errors is not null)
            {
                body["errors"] = problem.Errors;
            }

            if (problem.RetryAfterSeconds is not null)
            {
                body["retryAfter"] = problem.RetryAfterSeconds;
            }

            if (problem.TraceId is not null)
            {
                body["traceId"] = problem.TraceId;
            }

            await response.WriteAsJsonAsync(body, ApiJson.Options, "application/problem+json; charset=utf-8");
        }
    }
}
