using System.Text.Json;
using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>Reports: partition = report number. Updates are conditional on the ETag the caller read.</summary>
public sealed class TableReportStore(StorageClients clients) : IReportStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.ReportsTable);

    public async Task<bool> TryCreateAsync(Report report, CancellationToken cancellationToken) =>
        await ConditionalWrites.TryAddAsync(_table, ToEntity(report), cancellationToken) is not null;

    public Task<Report?> FindAsync(ReportNumber number, CancellationToken cancellationToken) =>
        TableRows.FindAsync(_table, number.Value, "", FromEntity, cancellationToken);

    public async Task<Report?> TryUpdateAsync(Report report, CancellationToken cancellationToken)
    {
        var version = await ConditionalWrites.TryReplaceAsync(_table, ToEntity(report), report.Version!, cancellationToken);
        return version is null ? null : report with { Version = version };
    }

    // An operator path, not a citizen one: a filtered scan over the reports of the retention window.
    public IAsyncEnumerable<Report> ListExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        TableRows.QueryAsync(_table, TableClient.CreateQueryFilter(
            $"ExpiresAt le {now} and (Status eq {ReportStatus.Ready.Code()} or Status eq {ReportStatus.Sending.Code()} or Status eq {ReportStatus.Sent.Code()})"), FromEntity, cancellationToken);

    // Every move of a report rewrites its row, so the row's Timestamp is when it last moved.
    public IAsyncEnumerable<Report> ListStuckAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken) =>
        TableRows.QueryAsync(_table, TableClient.CreateQueryFilter(
            $"Timestamp lt {changedBefore} and (Status eq {ReportStatus.Queued.Code()} or Status eq {ReportStatus.Rendering.Code()} or Status eq {ReportStatus.Sending.Code()} or (Status eq {ReportStatus.Ready.Code()} and Delivery eq {Delivery.Email.Code()}))"),
            FromEntity, cancellationToken);

    private static TableEntity ToEntity(Report r) => new(r.Number.Value, "")
    {
        ["Owner"] = r.PersonKey.Value,
        ["Kind"] = r.Kind.Code(),
        ["Status"] = r.Status.Code(),
        ["From"] = r.From.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["To"] = r.To.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["Documents"] = JsonSerializer.Serialize(r.Documents.Select(d => new[] { d.Kind.Code(), d.Number })),
        ["Delivery"] = r.Delivery.Code(),
        ["RequestedAt"] = r.RequestedAt,
        ["ProtectedEmail"] = r.ProtectedEmail,
        ["ProtectedPassword"] = r.ProtectedPassword,
        ["Pages"] = r.Pages,
        ["MadeAt"] = r.MadeAt,
        ["ExpiresAt"] = r.ExpiresAt,
        ["Sha256"] = r.Sha256,
        ["VerificationCode"] = r.VerificationCode,
        ["Language"] = r.Language.Code(),
        ["Attempts"] = r.Attempts,
        ["Deferrals"] = r.Deferrals,
        ["ClaimedAt"] = r.ClaimedAt,
        ["FailureCode"] = r.FailureCode,
    };

    private static Report FromEntity(TableEntity e)
    {
        var row = new StoredRow(StorageNames.ReportsTable, e);
        return new Report(
            ReportNumber.TryParse(e.PartitionKey, out var number) ? number : throw row.Unreadable(nameof(e.PartitionKey)),
            new PersonKey(row.Text("Owner")),
            row.Code<ReportKind>("Kind", ReportCodes.TryParseKind),
            row.Code<ReportStatus>("Status", ReportStatuses.TryParse),
            row.Date("From"),
            row.Date("To"),
            Documents(row),
            row.Code<Delivery>("Delivery", ReportCodes.TryParseDelivery),
            row.Time("RequestedAt"))
        {
            ProtectedEmail = row.OptionalText("ProtectedEmail"),
            ProtectedPassword = row.OptionalText("ProtectedPassword"),
            Pages = row.OptionalInt32("Pages"),
            MadeAt = row.OptionalTime("MadeAt"),
            ExpiresAt = row.OptionalTime("ExpiresAt"),
            Sha256 = row.OptionalText("Sha256"),
            VerificationCode = row.OptionalText("VerificationCode"),
            // Rows from before languages existed have none: they were Chinese. An unknown one is an error.
            Language = row.OptionalText("Language") is null ? Language.Zh : row.Code<Language>("Language", Languages.TryParse),
            Attempts = row.OptionalInt32("Attempts") ?? 0,
            Deferrals = row.OptionalInt32("Deferrals") ?? 0,
            ClaimedAt = row.OptionalTime("ClaimedAt"),
            FailureCode = row.OptionalText("FailureCode"),
            Version = e.ETag.ToString(),
        };
    }

    private static DocumentRef[] Documents(StoredRow row)
    {
        return [.. row.Json<string[][]>("Documents", []).Select(d => d is [var kind, var number]
            ? new DocumentRef(row.Code<DocumentKind>("Documents", kind, DocumentKinds.TryParse), number)
            : throw row.Unreadable("Documents"))];
    }
}
