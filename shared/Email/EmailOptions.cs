using System.ComponentModel.DataAnnotations;

namespace EntryExit.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>smtp</c> (development, or any relay) or <c>acs</c> (Azure Communication Services).</summary>
    public string Provider { get; set; } = "smtp";

    [Required]
    [EmailAddress]
    public string SenderAddress { get; set; } = "";

    [Required]
    public string SenderName { get; set; } = "国家移民管理局";

    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public AcsOptions Acs { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65_535)]
    public int Port { get; set; } = 25;

    /// <summary>Use TLS (STARTTLS or implicit by port); off for the local development server.</summary>
    public bool UseTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }
}

/// <summary>Azure Communication Services Email (<c>Email__Acs__*</c>), used when <c>Email:Provider</c> is <c>acs</c>.</summary>
public sealed class AcsOptions
{
    /// <summary>The Communication Services resource, e.g. <c>https://my-acs.communication.azure.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty for the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// How long one send waits for the service to finish the operation before giving up for now (the queue retries
    /// later, with the same <c>Operation-Id</c>).
    /// </summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest <c>Retry-After</c> (429, 5xx) waited for inside one send; a longer one ends the send with
    /// <see cref="EmailDeferredException"/> so the queue comes back later instead of holding the function.
    /// </summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries inside one send for 408, 429 and 5xx answers and network errors (Azure.Core's retry policy).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off of those retries when the service gives no <c>Retry-After</c>; it doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);
}
