using System.Text.Json;
using EntryExit.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Functions.Http;

/// <summary>Reads a JSON request body into a contract record; malformed JSON is a 400, a body over 64 KB a 413, never a 500.</summary>
public static class RequestJson
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return ApiProblems.PayloadTooLarge("请求内容不能超过 64 KB。");
        }

        try
        {
            // Counted as it streams: a chunked body, or one longer than its Content-Length says, stops at the cap.
            var body = await JsonSerializer.DeserializeAsync<T>(new CappedStream(request.Body, MaxBytes), ApiJson.Options, cancellationToken);
            return body is null ? ApiProblems.InvalidJson("请求内容须为 JSON 对象。") : body;
        }
        catch (PayloadTooLargeException)
        {
            return ApiProblems.PayloadTooLarge("请求内容不能超过 64 KB。");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            return field is null
                ? ApiProblems.InvalidJson("请求内容不是有效的 JSON。")
                : ApiProblems.InvalidJson($"字段 {field} 的格式无效。") with { Errors = new Dictionary<string, string[]> { [field] = ["格式无效。"] } };
        }
    }
}
