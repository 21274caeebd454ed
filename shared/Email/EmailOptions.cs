namespace EntryExit.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>smtp</c> (development, or any relay) or <c>acs</c> (Azure Communication Services).</summary>
    public string Provider { get; set; } = "smtp";

    public string SenderAddress { get; set; } = "";

    public string SenderName { get; set; } = "国家移民管理局";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>Use TLS (STARTTLS or implicit by port); off for the local development server.</summary>
    public bool UseTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
