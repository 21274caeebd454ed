using System.ComponentModel.DataAnnotations;

namespace EntryExit.Face;

/// <summary>Azure AI Face settings (<c>Face__*</c>).</summary>
public sealed class FaceOptions
{
    public const string Section = "Face";

    /// <summary>The resource endpoint, e.g. <c>https://my-face.cognitiveservices.azure.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Passive</c> or <c>PassiveActive</c>.</summary>
    [AllowedValues("Passive", "PassiveActive")]
    public string LivenessOperationMode { get; set; } = "Passive";

    /// <summary>How long the client's session token works (60–86400 s).</summary>
    [Range(60, 86_400)]
    public int AuthTokenTimeToLiveSeconds { get; set; } = 600;

    /// <summary>How long one call to Face may take before the citizen is told to retry (503 face_unavailable).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of a throttled (429) or failed (5xx) call, at most a second apart, before giving up.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Client id of the user-assigned managed identity; empty for the default credential chain.</summary>
    public string? ClientId { get; set; }
}
