using System.Security.Cryptography;
using System.Text;
using EntryExit.Core.Identity;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Security;

/// <summary>PersonKey = lower-case hex of HMAC-SHA256(secret, ID number).</summary>
public sealed class HmacPersonKeys(IOptions<SecurityOptions> options) : IPersonKeys
{
    private readonly byte[] _secret = SecurityOptions.DecodeKey(options.Value.PersonKeySecret, nameof(SecurityOptions.PersonKeySecret));

    public PersonKey KeyOf(ResidentIdNumber idNumber)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(idNumber.Value), hash);
        return new PersonKey(Convert.ToHexStringLower(hash));
    }

    public string KeyOf(ClientAddress client) => Pseudonym("client:", client.Counted);

    public string KeyOfDocument(string documentNumber) => Pseudonym("document:", documentNumber);

    public string KeyOfRequest(string canonicalRequest) => Pseudonym("request:", canonicalRequest);

    /// <summary>The purpose prefix keeps the hashes of different kinds of value apart.</summary>
    private string Pseudonym(string purpose, string value)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(purpose + value), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
