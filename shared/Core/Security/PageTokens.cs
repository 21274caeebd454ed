using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Security;

/// <summary>
/// Signs continuation tokens so a client can hand them back but not forge or move them: the MAC covers the token's
/// own content and the context it was issued for (person, range, documents).
/// </summary>
public sealed class PageTokens(IOptions<SecurityOptions> options)
{
    private const int MacBytes = 16;
    private readonly byte[] _key = HMACSHA256.HashData(
        SecurityOptions.DecodeKey(options.Value.TokenSigningKey, nameof(SecurityOptions.TokenSigningKey)), "continuation-token"u8);

    public string Protect(string payload, string context)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        return Base64Url.Encode(data) + "." + Base64Url.Encode(Mac(data, context));
    }

    public bool TryUnprotect(string token, string context, out string payload)
    {
        payload = "";
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot < 1 || !Base64Url.TryDecode(token[..dot], out var data) || !Base64Url.TryDecode(token[(dot + 1)..], out var mac)
            || !CryptographicOperations.FixedTimeEquals(Mac(data, context), mac))
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(data);
        return true;
    }

    private byte[] Mac(byte[] data, string context)
    {
        var input = new byte[data.Length + 1 + Encoding.UTF8.GetByteCount(context)];
        data.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(context, input.AsSpan(data.Length + 1));
        return HMACSHA256.HashData(_key, input)[..MacBytes];
    }
}
