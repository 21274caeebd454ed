using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Contract;

/// <summary>
/// <c>GET /api/openapi.yaml</c>: the hand-written contract (repository root <c>openapi.yaml</c>), embedded in the
/// assembly so the deployed app serves exactly the document it was built with.
/// </summary>
public static class OpenApiFunction
{
    public const string ResourceName = "openapi.yaml";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("GetOpenApiDocument")]
    public static IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.yaml")] HttpRequest request) =>
        ApiResults.Bytes(StatusCodes.Status200OK, Document.Value, "application/yaml; charset=utf-8");
}
