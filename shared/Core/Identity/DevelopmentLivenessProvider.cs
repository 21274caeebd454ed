using System.Security.Cryptography;
using System.Text;
using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>
/// The development provider (SPEC §5.2): a random challenge, answered with base64url(HMAC-SHA256(key, challenge)).
/// A real check — only someone holding the key passes — yet no camera or cloud service is needed.
/// </summary>
public sealed class DevelopmentLivenessProvider : ILivenessProvider
{
    public const string Name = "development";
    private readonly byte[] _key;
    private readonly ISecureRandom _random;

    public DevelopmentLivenessProvider(IOptions<LivenessOptions> options, ISecureRandom random)
    {
        var settings = options.Value;
        if (Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID") is { Length: > 0 } && !settings.AllowDevelopmentInAzure)
        {
            throw new InvalidOperationException("The development liveness provider refuses to run in Azure; set Liveness__Provider to azure-face.");
        }

        if (string.IsNullOrEmpty(settings.DevelopmentKey))
        {
            throw new InvalidOperationException("Setting Liveness:DevelopmentKey is required by the development liveness provider.");
        }

        _key = Encoding.UTF8.GetBytes(settings.DevelopmentKey);
        _random = random;
    }

    /// <summary>The answer a client must give to <paramref name="challenge"/>.</summary>
    public static string Answer(string key, string challenge) =>
        Base64Url.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(challenge)));

    public Task<LivenessSession> StartAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        Task.FromResult(new LivenessSession(Name, _random.NextId(), _random.NextId(24), expiresAt));

    public Task<bool> HasPassedAsync(LivenessSession session, string clientResult, CancellationToken cancellationToken)
    {
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(session.Challenge));
        var passed = Base64Url.TryDecode(clientResult, out var given) && CryptographicOperations.FixedTimeEquals(expected, given);
        return Task.FromResult(passed);
    }
}
