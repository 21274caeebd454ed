using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;

namespace EntryExit.TestSupport;

/// <summary>One message as smtp4dev lists it (<c>GET /api/messages</c>); the content is fetched separately.</summary>
public sealed record ReceivedMessageSummary(
    string Id,
    string? From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> DeliveredTo,
    string? Subject,
    DateTimeOffset ReceivedDate,
    int AttachmentCount,
    bool IsUnread);

/// <summary>
/// A small typed client for smtp4dev 3.15's HTTP API (documented by the tool at <c>/api/index.html</c>,
/// <c>/api/v1/swagger.json</c>): <c>GET /api/messages?page=&amp;pageSize=</c> (paged, newest first),
/// <c>GET /api/messages/{id}/download</c> (the message exactly as received, <c>message/rfc822</c>),
/// <c>DELETE /api/messages/*</c> (all). Usable against a fixture's instance or the one <c>./dev up</c> starts
/// (<c>http://127.0.0.1:5080</c>).
/// </summary>
public sealed class Smtp4devClient(HttpClient http)
{
    private const int PageSize = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>All messages in the default mailbox's inbox, newest first.</summary>
    public async Task<IReadOnlyList<ReceivedMessageSummary>> GetMessagesAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<ReceivedMessageSummary>();
        for (var page = 1; ; page++)
        {
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"api/messages?page={page}&pageSize={PageSize}"), UriKind.Relative);
            var result = await http.GetFromJsonAsync<MessagePage>(uri, Json, cancellationToken)
                ?? throw new InvalidOperationException("smtp4dev answered an empty page.");
            all.AddRange(result.Results.Select(m => new ReceivedMessageSummary(
                m.Id, m.From, m.To ?? [], m.DeliveredTo is null ? [] : m.DeliveredTo.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                m.Subject, m.ReceivedDate, m.AttachmentCount, m.IsUnread)));
            if (page >= result.PageCount || result.Results.Count == 0)
            {
                return all;
            }
        }
    }

    /// <summary>The full MIME source, byte for byte as received (parse it with <see cref="MimeMessage.Load(Stream, CancellationToken)"/>).</summary>
    public async Task<byte[]> GetRawMessageAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri($"api/messages/{Uri.EscapeDataString(id)}/download", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"smtp4dev has no message {id}.");
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The message parsed by MimeKit: headers, bodies, attachments.</summary>
    public async Task<MimeMessage> GetMimeMessageAsync(string id, CancellationToken cancellationToken = default)
    {
        var raw = await GetRawMessageAsync(id, cancellationToken);
        using var stream = new MemoryStream(raw);
        return await MimeMessage.LoadAsync(stream, cancellationToken);
    }

    /// <summary>Deletes every message of the default mailbox.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(new Uri("api/messages/*", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls until a message matches; <see cref="TimeoutException"/> (listing what did arrive) after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedMessageSummary> WaitForMessageAsync(Func<ReceivedMessageSummary, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        IReadOnlyList<ReceivedMessageSummary> seen = [];
        try
        {
            return await Eventually.UntilAsync(
                async () =>
                {
                    seen = await GetMessagesAsync(cancellationToken);
                    return seen.FirstOrDefault(match);
                },
                timeout,
                TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException)
        {
            var list = seen.Count == 0 ? "none" : string.Join("; ", seen.Select(m => $"'{m.Subject}' to {string.Join(",", m.To)}"));
            throw new TimeoutException($"No matching message within {timeout.TotalSeconds:0.#} s. Messages received: {list}.");
        }
    }

    private sealed record MessagePage(List<MessageItem> Results, int CurrentPage, int PageCount, int RowCount);

    private sealed record MessageItem(string Id, string? From, List<string>? To, string? DeliveredTo, string? Subject, DateTimeOffset ReceivedDate, int AttachmentCount, bool IsUnread);
}
