using System.Text.Json;
using EntryExit.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Functions.Http;

/// <summary>Reads a JSON request body into a contract record; malformed JSON is a 400, never a 500.</summary>
public static class RequestJson
{
    private const long MaxBytes = 64 * 1024;

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return new Problem(413, "request_too_large", "请求过大", "请求内容过大。");
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, cancellationToken);
            return body is null ? ApiProblems.InvalidJson("请求内容须为 JSON 对象。") : body;
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
