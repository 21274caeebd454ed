namespace EntryExit.Core.Identity;

/// <summary>What the client needs to run the face/liveness step.</summary>
/// <param name="Provider"><c>development</c> or <c>azure-face</c>.</param>
/// <param name="Challenge">For the development provider, the text to answer; for Azure Face, the session's auth token.</param>
public sealed record LivenessSession(string Provider, string SessionId, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>A face/liveness provider (SPEC §2.1 step 3).</summary>
public interface ILivenessProvider
{
    /// <summary>Creates a session; called only after the name/number check passed, since sessions cost money.</summary>
    Task<LivenessSession> StartAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Whether the person behind <paramref name="session"/> passed, given what the client returned.</summary>
    Task<bool> HasPassedAsync(LivenessSession session, string clientResult, CancellationToken cancellationToken);
}

public sealed class LivenessOptions
{
    public const string Section = "Liveness";

    /// <summary><c>development</c> locally and in tests.</summary>
    public string Provider { get; set; } = "development";

    /// <summary>Key of the development provider's HMAC (SPEC §5.2).</summary>
    public string DevelopmentKey { get; set; } = "";

    /// <summary>Lets the development provider start in Azure (never in production).</summary>
    public bool AllowDevelopmentInAzure { get; set; }
}
