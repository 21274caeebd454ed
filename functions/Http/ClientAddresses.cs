using EntryExit.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Functions.Http;

/// <summary>Where a request came from.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// The last <c>X-Forwarded-For</c> entry — the one Azure's front end appended, which a client cannot forge — or
    /// the connection's address when no proxy is in front (the development host).
    /// </summary>
    public static ClientAddress Of(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var last = forwarded.Split(',')[^1].Trim();

            // Azure may add the client port: "203.0.113.7:51234" (IPv6 comes bracketed).
            if (last.StartsWith('[') && last.IndexOf(']', StringComparison.Ordinal) is > 0 and var close)
            {
                last = last[1..close];
            }
            else if (last.Count(c => c == ':') == 1)
            {
                last = last[..last.IndexOf(':', StringComparison.Ordinal)];
            }

            return new ClientAddress(last);
        }

        return request.HttpContext.Connection.RemoteIpAddress is { } remote ? new ClientAddress(remote.ToString()) : ClientAddress.Unknown;
    }
}
