using System.ComponentModel.DataAnnotations;

namespace EntryExit.Core.Identity;

/// <summary>What the client needs to run the face step.</summary>
/// <param name="Provider"><c>development</c> or <c>azure-face</c>.</param>
/// <param name="Challenge">For the development provider, the text to answer; for Azure Face, the session's auth token.</param>
public sealed record LivenessSession(string Provider, string SessionId, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>A face provider (SPEC §2.1 step 3): liveness <b>and</b> a match against the reference photo.</summary>
public interface ILivenessProvider
{
    /// <summary>
    /// Creates a session that verifies against <paramref name="reference"/>; called only after the name/number check
    /// passed, since sessions cost money.
    /// </summary>
    /// <returns>The session, or null when the provider finds the reference photo unusable (no face, low quality).</returns>
    /// <exception cref="FaceUnavailableException">The provider is down, throttling or too slow.</exception>
    Task<LivenessSession?> StartAsync(ReferencePhoto reference, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Whether a live face that matches <paramref name="reference"/> was shown, given what the client returned.</summary>
    /// <exception cref="FaceUnavailableException">The provider is down, throttling or too slow.</exception>
    Task<bool> HasPassedAsync(LivenessSession session, ReferencePhoto reference, string clientResult, CancellationToken cancellationToken);
}

/// <summary>The face provider cannot answer now (throttled, down, timed out): nobody's fault, so no failure is counted.</summary>
public sealed class FaceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class LivenessOptions
{
    public const string Section = "Liveness";

    /// <summary><c>development</c> locally and in tests; in Azure it must be set explicitly (SPEC §5.2).</summary>
    [Required]
    public string Provider { get; set; } = "development";

    /// <summary>Key of the development provider's HMAC (SPEC §5.2).</summary>
    public string DevelopmentKey { get; set; } = "";

    /// <summary>Lets the development provider start in Azure (a demo without real people, never production).</summary>
    public bool AllowDevelopmentInAzure { get; set; }

    /// <summary>Optional floor on Azure Face's <c>matchConfidence</c> (0–1) on top of <c>isIdentical</c>; 0 = none.</summary>
    public double MinMatchConfidence { get; set; }

    /// <summary>Liveness answers one verification takes before it is used up (SPEC §2.1: 3).</summary>
    public const int MaxAnswersPerVerification = 3;
}
