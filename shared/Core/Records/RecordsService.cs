using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using EntryExit.Core.Security;
using EntryExit.Core.Time;

namespace EntryExit.Core.Records;

/// <summary>A document as the client names it.</summary>
public sealed record DocumentSelection(string? Kind, string? Number);

/// <summary>The body of <c>POST /api/records/query</c>.</summary>
public sealed record RecordsQuery(
    string? Range,
    string? From,
    string? To,
    IReadOnlyList<DocumentSelection>? Documents,
    int? PageSize,
    string? ContinuationToken);

/// <summary>One page of a records query.</summary>
public sealed record RecordsPage(RecordsRange Range, IReadOnlyList<DocumentRef> Documents, IReadOnlyList<Crossing> Crossings, int FirstSequence, string? ContinuationToken);

/// <summary>Entry/exit records query (SPEC §2.3): single-partition key-range reads, newest first, paged.</summary>
public sealed class RecordsService(ICrossingStore crossings, IDocumentStore documentStore, PageTokens pageTokens, IAuditLog audit, TimeProvider clock)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>Distinct documents one query or report may name.</summary>
    public const int MaxDocuments = 20;

    public async Task<Result<RecordsPage>> QueryAsync(AccessGrant grant, RecordsQuery query, ClientAddress client, CancellationToken cancellationToken)
    {
        var result = await RunQueryAsync(grant, query, cancellationToken);

        // One query is one audit entry, however many pages the client then reads.
        if (query.ContinuationToken is null || !result.IsSuccess)
        {
            var outcome = result.IsSuccess ? "ok" : result.Problem.Code;
            await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "records.query", outcome, grant.PersonKey, client.Network), cancellationToken);
        }

        return result;
    }

    private async Task<Result<RecordsPage>> RunQueryAsync(AccessGrant grant, RecordsQuery query, CancellationToken cancellationToken)
    {
        var pageSize = query.PageSize ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return ApiProblems.InvalidField("invalid_page_size", "pageSize", "每页条数须在1至500之间。");
        }

        var selection = ResolveSelection(query.Range, query.From, query.To, query.Documents, ChinaTime.Today(clock));
        if (!selection.IsSuccess)
        {
            return selection.Problem;
        }

        var (range, named) = selection.Value;
        var context = PageContext(grant, range, named);
        var position = PagePosition.None;
        if (query.ContinuationToken is not null
            && !(pageTokens.TryUnprotect(query.ContinuationToken, context, out var payload) && PagePosition.TryRead(payload, out position)))
        {
            return ApiProblems.InvalidField("invalid_continuation_token", "continuationToken", "翻页标记无效，请重新查询。");
        }

        // The person's documents and the page are read at once; the page is dropped if a named document is not theirs.
        var ownedTask = OwnedDocumentsAsync(grant, cancellationToken);
        var pageTask = crossings.QueryAsync(grant.PersonKey, range.Start, range.End, named, pageSize, position.AfterRowKey, cancellationToken);
        var owned = await ownedTask;
        var page = await pageTask;
        if (named.Any(d => !owned.Contains(d)))
        {
            return ApiProblems.DocumentNotFound();
        }

        var next = page.ContinuationRowKey is null
            ? null
            : pageTokens.Protect(new PagePosition(page.ContinuationRowKey, position.Count + page.Crossings.Count).Write(), context);
        return new RecordsPage(range, named.Count > 0 ? named : owned, page.Crossings, position.Count + 1, next);
    }

    /// <summary>
    /// The range and documents of a query or a report for this person: the documents named must be theirs (else
    /// <c>document_not_found</c>, as for one that does not exist); none named means all of their documents.
    /// </summary>
    /// <returns>The range, the filter to apply (empty: all), and the documents to show as included.</returns>
    public async Task<Result<(RecordsRange Range, IReadOnlyList<DocumentRef> Filter, IReadOnlyList<DocumentRef> Shown)>> ResolveAsync(
        AccessGrant grant, string? rangeCode, string? from, string? to, IReadOnlyList<DocumentSelection>? documents, CancellationToken cancellationToken)
    {
        var selection = ResolveSelection(rangeCode, from, to, documents, ChinaTime.Today(clock));
        if (!selection.IsSuccess)
        {
            return selection.Problem;
        }

        var (range, named) = selection.Value;
        var owned = await OwnedDocumentsAsync(grant, cancellationToken);
        if (named.Any(d => !owned.Contains(d)))
        {
            return ApiProblems.DocumentNotFound();
        }

        return (range, named, named.Count > 0 ? named : owned);
    }

    private async Task<IReadOnlyList<DocumentRef>> OwnedDocumentsAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        [.. (await documentStore.ListAsync(grant.PersonKey, cancellationToken)).Where(d => d.Kind.IsServedOnline()).Select(d => d.Ref)];

    private static string PageContext(AccessGrant grant, RecordsRange range, IReadOnlyList<DocumentRef> documents) =>
        $"{grant.PersonKey}|{range.From:yyyyMMdd}|{range.To:yyyyMMdd}|{string.Join(",", documents.Select(d => $"{d.Kind.Code()}:{d.Number}"))}";

    /// <summary>Validates the range and the document list of a query or a report request.</summary>
    public static Result<(RecordsRange Range, IReadOnlyList<DocumentRef> Documents)> ResolveSelection(
        string? rangeCode, string? from, string? to, IReadOnlyList<DocumentSelection>? documents, DateOnly today)
    {
        if (!TryParseDate(from, out var fromDate))
        {
            return ApiProblems.InvalidRange("from", "开始日期格式须为 YYYY-MM-DD。");
        }

        if (!TryParseDate(to, out var toDate))
        {
            return ApiProblems.InvalidRange("to", "结束日期格式须为 YYYY-MM-DD。");
        }

        var range = RecordsRange.Resolve(rangeCode, fromDate, toDate, today);
        if (!range.IsSuccess)
        {
            return range.Problem;
        }

        var refs = new List<DocumentRef>();
        foreach (var document in documents ?? [])
        {
            if (document is null)
            {
                return ApiProblems.InvalidField("invalid_document", "documents", "documents 的每一项须为包含 kind 和 number 的对象。");
            }

            if (!DocumentKinds.TryParse(document.Kind, out var kind))
            {
                return ApiProblems.InvalidField("invalid_document", "documents", "证件类型须为 passport、hk_macau_permit 或 taiwan_permit。");
            }

            if (!kind.IsServedOnline())
            {
                return ApiProblems.CounterRequired();
            }

            // Document numbers are letters and digits: anything else could not name a document, and never reaches a key or filter.
            if (DocumentNumbers.Normalize(document.Number) is not { } number)
            {
                return ApiProblems.InvalidField("invalid_document", "documents", "请输入证件号码（字母和数字，最多20位）。");
            }

            // A document named twice is one document; the number of distinct ones bounds the storage filter.
            var named = new DocumentRef(kind, number);
            if (refs.Contains(named))
            {
                continue;
            }

            if (refs.Count == MaxDocuments)
            {
                return ApiProblems.InvalidField("invalid_document", "documents", $"一次最多选择{MaxDocuments}个证件。");
            }

            refs.Add(named);
        }

        return (range.Value, refs);
    }

    private static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Where the next page starts: the last row key returned and how many came before.</summary>
    private readonly record struct PagePosition(string? AfterRowKey, int Count)
    {
        public static readonly PagePosition None = new(null, 0);

        public string Write() => $"{Count}|{AfterRowKey}";

        public static bool TryRead(string payload, out PagePosition position)
        {
            position = None;
            var bar = payload.IndexOf('|', StringComparison.Ordinal);
            if (bar < 1 || !int.TryParse(payload.AsSpan(0, bar), out var count) || count < 0 || bar == payload.Length - 1)
            {
                return false;
            }

            position = new PagePosition(payload[(bar + 1)..], count);
            return true;
        }
    }
}
