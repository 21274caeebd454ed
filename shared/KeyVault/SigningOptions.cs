using System.ComponentModel.DataAnnotations;

namespace EntryExit.KeyVault;

/// <summary>Where the e-file signing certificate lives in Azure (<c>Signing__*</c>); unset in development.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary>e.g. <c>https://kv-entry-exit.vault.azure.net/</c>.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>The Key Vault certificate that signs e-files (its key signs; it never leaves the vault).</summary>
    [Required]
    public string CertificateName { get; set; } = "efile-signing";

    /// <summary>Client id of the user-assigned managed identity; empty for the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>How long the certificate is cached before the vault is asked again (picks up a rotation).</summary>
    [Range(1, 1440)]
    public int RefreshMinutes { get; set; } = 60;
}
