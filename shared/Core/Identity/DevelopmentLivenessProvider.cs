using EntryExit.Core.Hosting;
using System.Security.Cryptography;
using System.Text;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>
/// The development provider (SPEC §5.2). The client "shows a face" by holding a photo's bytes and answers the challenge
/// with base64url(HMAC-SHA256(key, challenge + "." + faceDigest)). It passes only when the HMAC is right (the liveness
/// stand-in: only a holder of the key can answer) <b>and</b> the digest is the person's reference photo's (the match
/// stand-in): another person's photo fails exactly like a wrong key.
/// </summary>
public sealed class DevelopmentLivenessProvider : ILivenessProvider
{
    public const string Name = "development";
    private readonly byte[] _key;
    private readonly ISecureRandom _random;

    public DevelopmentLivenessProvider(IOptions<LivenessOptions> options, ISecureRandom random, Func<string, string?>? environment = null)
    {
        var settings = options.Value;
        if (AzureHosting.IsAzure(environment) && !settings.AllowDevelopmentInAzure)
        {
            throw new InvalidOperationException(
                $"The development liveness provider refuses to run in Azure ({string.Join(", ", AzureHosting.Variables)}); set Liveness__Provider to azure-face.");
        }

        if (string.IsNullOrEmpty(settings.DevelopmentKey))
        {
            throw new InvalidOperationException("Setting Liveness:DevelopmentKey is required by the development liveness provider.");
        }

        _key = Encoding.UTF8.GetBytes(settings.DevelopmentKey);
        _random = random;
    }

    /// <summary>The answer a client showing the photo with SHA-256 <paramref name="faceDigest"/> gives to <paramref name="challenge"/>.</summary>
    public static string Answer(string key, string challenge, string faceDigest) =>
        Base64Url.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(challenge + "." + faceDigest)));

    /// <summary>The lower-case hex SHA-256 of a photo's bytes: its faceDigest.</summary>
    public static string FaceDigest(ReadOnlySpan<byte> photo) => Convert.ToHexStringLower(SHA256.HashData(photo));

    public Task<LivenessSession?> StartAsync(ReferencePhoto reference, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Task.FromResult<LivenessSession?>(new LivenessSession(Name, _random.NextId(), _random.NextId(24), expiresAt));

    public Task<bool> HasPassedAsync(LivenessSession session, ReferencePhoto reference, string clientResult, CancellationToken cancellationToken)
    {
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(session.Challenge + "." + reference.Digest));
        var passed = Base64Url.TryDecode(clientResult, out var given) && CryptographicOperations.FixedTimeEquals(expected, given);
        return Task.FromResult(passed);
    }
}
