using System.ComponentModel.DataAnnotations;
using EntryExit.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryExit.Functions.Http;

/// <summary>Which proxies' word on the client address is trusted (<c>ClientAddress__*</c>; docs/operations.md).</summary>
public sealed class ClientAddressOptions
{
    public const string Section = "ClientAddress";

    /// <summary>
    /// Proxies in front of the app that each append the address they saw to <c>X-Forwarded-For</c>: the client is the
    /// entry this many places from the right. 0 (the default) trusts no header and takes the connection's address; 1
    /// is Azure's own front end; 2 with Front Door or API Management in front of it.
    /// </summary>
    [Range(0, 10)]
    public int TrustedProxyHops { get; set; }
}

/// <summary>Where a request came from.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// The <c>X-Forwarded-For</c> entry appended by the outermost trusted proxy — entries left of it are whatever the
    /// client wrote and are never believed — or the connection's address when no proxy is trusted.
    /// </summary>
    public static ClientAddress Of(HttpRequest request)
    {
        var hops = request.HttpContext.RequestServices?.GetService<IOptions<ClientAddressOptions>>()?.Value.TrustedProxyHops ?? 0;
        return Of(request.Headers["X-Forwarded-For"].ToString(), request.HttpContext.Connection.RemoteIpAddress, hops);
    }

    public static ClientAddress Of(string? forwardedFor, System.Net.IPAddress? connection, int trustedProxyHops)
    {
        var entries = (forwardedFor ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (trustedProxyHops <= 0 || entries.Length == 0)
        {
            return connection is { } remote ? new ClientAddress(remote.ToString()) : ClientAddress.Unknown;
        }

        // Fewer entries than trusted proxies: the leftmost is still one a trusted proxy wrote.
        return new ClientAddress(WithoutPort(entries[Math.Max(0, entries.Length - trustedProxyHops)]));
    }

    /// <summary>Azure may add the client port: "203.0.113.7:51234" (IPv6 comes bracketed: "[2001:db8::1]:51234").</summary>
    private static string WithoutPort(string entry)
    {
        if (entry.StartsWith('[') && entry.IndexOf(']', StringComparison.Ordinal) is > 0 and var close)
        {
            return entry[1..close];
        }

        return entry.Count(c => c == ':') == 1 ? entry[..entry.IndexOf(':', StringComparison.Ordinal)] : entry;
    }
}
