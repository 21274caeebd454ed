using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using Xunit;

namespace EntryExit.TestSupport;

/// <summary>
/// Starts smtp4dev 3.15.0 (the repository's local dotnet tool: <c>dotnet tool run smtp4dev</c>, restored by
/// <c>./dev test</c> or <c>dotnet tool restore</c>) on a free loopback SMTP port and a free loopback HTTP port, with
/// an in-memory database and IMAP/POP3 off, and stops it with its process tree when disposed. Start-up takes a few
/// seconds: share one per test collection, and tell tests apart by recipient or subject (or
/// <see cref="DeleteAllAsync"/> in a collection whose tests run one after another, as xunit runs a collection).
/// </summary>
/// <example>
/// <code>
/// [CollectionDefinition(Name)]
/// public sealed class MailCollection : ICollectionFixture&lt;Smtp4devFixture&gt; { public const string Name = "mail"; }
///
/// [Collection(MailCollection.Name)]
/// public sealed class EmailTests(Smtp4devFixture smtp)
/// {
///     [Fact]
///     public async Task Sends_the_pdf()
///     {
///         // configure the sender with Host = "127.0.0.1", Port = smtp.SmtpPort, send ...
///         var summary = await smtp.WaitForMessageAsync(m => m.To.Contains("citizen@example.test"), TimeSpan.FromSeconds(10));
///         var message = await smtp.GetMimeMessageAsync(summary.Id);
///         message.Attachments.Should().ContainSingle();
///     }
/// }
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class Smtp4devFixture : IAsyncLifetime
{
    // About 5 s on a quiet machine; well over 90 s on a 2-core one shared by seven builds.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);

    private ManagedProcess? _process;
    private string? _dataDirectory;
    private HttpClient? _http;

    public int SmtpPort { get; private set; }

    /// <summary>The web UI and API, e.g. <c>http://127.0.0.1:41234/</c> (ends with a slash).</summary>
    public Uri WebBaseUrl { get; private set; } = null!;

    public Smtp4devClient Client { get; private set; } = null!;

    /// <summary>The process's output so far (for diagnosing a failing test).</summary>
    public string Output => _process?.Output ?? "";

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Path;
        if (!File.Exists(Path.Combine(root, ".config", "dotnet-tools.json")))
        {
            throw new InvalidOperationException($"No .config/dotnet-tools.json under {root}.");
        }

        _dataDirectory = Directory.CreateTempSubdirectory("smtp4dev-").FullName;
        _process = ManagedProcess.Start(
            "smtp4dev",
            "dotnet",
            [
                "tool", "run", "smtp4dev", "--",
                "--urls=http://127.0.0.1:0",
                "--smtpport=0",
                "--bindaddress=127.0.0.1",
                "--db=",
                "--imapport=",
                "--pop3port=",
                "--nousersettings",
                "--baseappdatapath=" + _dataDirectory,
                "--messagestokeep=10000",
                "--sessionstokeep=100",
            ],
            root);

        try
        {
            var smtp = await _process.WaitForLineAsync(SmtpListening(), StartTimeout);
            SmtpPort = int.Parse(smtp.Groups[1].Value, CultureInfo.InvariantCulture);
            var web = await _process.WaitForLineAsync(WebListening(), StartTimeout);
            WebBaseUrl = new Uri(web.Groups[1].Value.TrimEnd('/') + "/");
        }
        catch (InvalidOperationException e) when (e.Message.Contains("dotnet tool restore", StringComparison.Ordinal)
            || e.Message.Contains("could not be found", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("smtp4dev is not restored: run ./dev test (or dotnet tool restore) first.\n" + e.Message, e);
        }

        _http = new HttpClient { BaseAddress = WebBaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Client = new Smtp4devClient(_http);
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await _http.GetAsync(new Uri("api/messages", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            StartTimeout,
            because: "smtp4dev's API answers");
    }

    /// <inheritdoc cref="Smtp4devClient.GetMessagesAsync"/>
    public Task<IReadOnlyList<ReceivedMessageSummary>> GetMessagesAsync(CancellationToken cancellationToken = default) => Client.GetMessagesAsync(cancellationToken);

    /// <inheritdoc cref="Smtp4devClient.GetRawMessageAsync"/>
    public Task<byte[]> GetRawMessageAsync(string id, CancellationToken cancellationToken = default) => Client.GetRawMessageAsync(id, cancellationToken);

    /// <inheritdoc cref="Smtp4devClient.GetMimeMessageAsync"/>
    public Task<MimeMessage> GetMimeMessageAsync(string id, CancellationToken cancellationToken = default) => Client.GetMimeMessageAsync(id, cancellationToken);

    /// <inheritdoc cref="Smtp4devClient.DeleteAllAsync"/>
    public Task DeleteAllAsync(CancellationToken cancellationToken = default) => Client.DeleteAllAsync(cancellationToken);

    /// <inheritdoc cref="Smtp4devClient.WaitForMessageAsync"/>
    public Task<ReceivedMessageSummary> WaitForMessageAsync(Func<ReceivedMessageSummary, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Client.WaitForMessageAsync(match, timeout, cancellationToken);

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static Regex SmtpListening() => new(@"SMTP Server is listening on port (\d+)", RegexOptions.CultureInvariant);

    private static Regex WebListening() => new(@"Now listening on: (https?://\S+)", RegexOptions.CultureInvariant);
}
