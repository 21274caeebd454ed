using EntryExit.Core.Issuer;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Issuer;

/// <summary>
/// <c>GET /api/certificates/issuer?format=pem|der|json</c>: the certificate that signs e-files, for anyone (SPEC §2.6);
/// <c>json</c> also gives its SHA-256 fingerprint, which the verification page shows.
/// </summary>
public sealed class IssuerCertificateFunction(IssuerCertificates issuer)
{
    [Function("GetIssuerCertificate")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certificates/issuer")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"].ToString();
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            var summary = await issuer.SummaryAsync(cancellationToken);
            return ApiResults.Json(StatusCodes.Status200OK, new
            {
                subject = summary.Subject,
                sha256 = summary.Sha256,
                notBefore = ApiJson.Time(summary.NotBefore),
                notAfter = ApiJson.Time(summary.NotAfter),
                pem = summary.Pem,
            });
        }

        return ApiResults.From(await issuer.ExportAsync(format, cancellationToken), file => new DownloadResult(file));
    }

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
