using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.EFileChecks;

/// <summary>
/// <c>GET /verify?n=&amp;c=</c>: the page that the QR code on every e-file opens (SPEC §2.6) — for clerks with a phone,
/// not API clients. It is one static document; its script calls the public e-file check API, so it is limited as that
/// API is, and nothing of the query is ever written into the page.
/// </summary>
public static class EFileCheckPageFunction
{
    /// <summary>The page's route: at the site's root, which is why host.json's route prefix is empty.</summary>
    public const string Route = "verify";

    [Function("EFileCheckPage")]
    public static IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request) => EFileCheckPage.Instance;
}

/// <summary>
/// The page (<c>EFileCheckPage.html</c>, embedded) with its security headers. Its inline style and script are allowed
/// by their SHA-256 in the Content-Security-Policy, computed here from the very bytes served, so the two cannot drift.
/// </summary>
internal sealed partial class EFileCheckPage : IActionResult
{
    private const string ResourceName = "EntryExit.Functions.EFileChecks.EFileCheckPage.html";

    public static readonly EFileCheckPage Instance = Load();

    private EFileCheckPage(byte[] html, string contentSecurityPolicy)
    {
        Html = html;
        ContentSecurityPolicy = contentSecurityPolicy;
    }

    public byte[] Html { get; }

    public string ContentSecurityPolicy { get; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = Html.Length;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // The URL carries the verification code: no other site may learn it from a Referer.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        // Nor may a shared cache keep the code-bearing URL.
        headers.CacheControl = "no-store";
        await response.Body.WriteAsync(Html, context.HttpContext.RequestAborted);
    }

    private static EFileCheckPage Load()
    {
        using var stream = typeof(EFileCheckPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var html = buffer.ToArray();
        var text = Encoding.UTF8.GetString(html);
        return new EFileCheckPage(html, string.Join("; ",
            "default-src 'self'",
            "script-src " + Hashes(InlineScripts(), text),
            "style-src " + Hashes(InlineStyles(), text),
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "require-trusted-types-for 'script'"));
    }

    private static string Hashes(Regex blocks, string html)
    {
        var hashes = blocks.Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'")
            .ToList();
        return hashes.Count == 0 ? "'none'" : string.Join(' ', hashes);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScripts();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex InlineStyles();
}
