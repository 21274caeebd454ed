using EntryExit.Core.Issuer;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.EFileChecks;

/// <summary><c>GET /api/certificates/issuer?format=pem|der</c>: the certificate that signs e-files, for anyone (SPEC §2.6).</summary>
public sealed class IssuerCertificateFunction(IssuerCertificates issuer)
{
    [Function("GetIssuerCertificate")]
    public IActionResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/issuer")] HttpRequest request) =>
        ApiResults.From(issuer.Export(request.Query["format"].ToString()), file => new DownloadResult(file));

    /// <summary>The file as an attachment; written straight to the response, like every result of <see cref="ApiResults"/>.</summary>
    private sealed class DownloadResult(IssuerCertificateFile file) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = file.ContentType;
            response.ContentLength = file.Content.Length;
            response.Headers.ContentDisposition = $"attachment; filename={file.FileName}";
            response.Headers.CacheControl = "public, max-age=3600";
            await response.Body.WriteAsync(file.Content, context.HttpContext.RequestAborted);
        }
    }
}
