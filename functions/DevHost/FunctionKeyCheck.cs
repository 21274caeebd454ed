using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost;

/// <summary>
/// The Functions host's key check: every level above Anonymous needs a key, sent as the
/// <c>x-functions-key</c> header or the <c>code</c> query value. The dev host has one key for all levels.
/// </summary>
internal static class FunctionKeyCheck
{
    /// <summary>The header the Functions host reads the key from.</summary>
    public const string HeaderName = "x-functions-key";

    /// <summary>The query value the Functions host reads the key from.</summary>
    public const string QueryName = "code";

    /// <summary>True when the route is anonymous or the request carries the configured key.</summary>
    public static bool IsAuthorized(HttpRequest request, AuthorizationLevel level, string? expectedKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        // No configured key means nothing can match: a keyed route must not become open by omission.
        if (string.IsNullOrEmpty(expectedKey))
        {
            return false;
        }

        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName];
        }

        return !string.IsNullOrEmpty(presented)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expectedKey));
    }
}
