namespace EntryExit.Core.Identity;

/// <summary>
/// One audited action (SPEC §3): who (the person's key, never the number), what, when, the outcome, and from where
/// (the client address shortened to its network: /24 for IPv4, /48 for IPv6).
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string Outcome, PersonKey? PersonKey, string? ClientNetwork, string? Subject = null);

/// <summary>The audit trail.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);
}

/// <summary>Where a request came from, as the edge saw it.</summary>
public sealed record ClientAddress(string Value)
{
    public static readonly ClientAddress Unknown = new("unknown");

    /// <summary>
    /// What failures are counted against: an IPv4 address as it is, an IPv6 client by its /64 (one subscriber's
    /// network: the host part changes at will, so counting whole addresses would let one client take fresh ones).
    /// </summary>
    public string Counted
    {
        get
        {
            if (!System.Net.IPAddress.TryParse(Value, out var ip))
            {
                return Value;
            }

            if (ip.IsIPv4MappedToIPv6)
            {
                return ip.MapToIPv4().ToString();
            }

            if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return ip.ToString();
            }

            var bytes = ip.GetAddressBytes();
            bytes.AsSpan(8).Clear();
            return $"{new System.Net.IPAddress(bytes)}/64";
        }
    }

    /// <summary>The address with its host part dropped, for the audit trail.</summary>
    public string Network
    {
        get
        {
            if (!System.Net.IPAddress.TryParse(Value, out var ip))
            {
                return "unknown";
            }

            if (ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }

            var bytes = ip.GetAddressBytes();
            var keep = bytes.Length == 4 ? 3 : 6;
            for (var i = keep; i < bytes.Length; i++)
            {
                bytes[i] = 0;
            }

            return $"{new System.Net.IPAddress(bytes)}/{keep * 8}";
        }
    }
}
