using EntryExit.Core.Identity;
using EntryExit.Core.Reports;

namespace EntryExit.Core.Purge;

/// <summary>What the operator sends to purge a person: the ID number, in the body (never in a URL).</summary>
public sealed record PersonPurgeRequest(string? IdNumber);

/// <summary>What one purge deleted. A second purge of the same person finds nothing and says so.</summary>
/// <param name="Person">Whether the person's own row was there.</param>
/// <param name="Rows">Every other row deleted under the person key: documents, endorsements, crossings, issuances,
/// verifications, idempotency claims, the report quota and the failure counter.</param>
/// <param name="Reports">The person's e-files (row and PDF).</param>
public sealed record PurgedData(bool Person, int Rows, int Reports);

/// <summary>The rows kept under a person key, deleted for a purge. The audit trail stays: it holds only the key.</summary>
public interface IPersonDataPurge
{
    /// <summary>The person's reports whose rows are still there (a scan: purges are rare operator actions).</summary>
    IAsyncEnumerable<ReportNumber> ReportsOfAsync(PersonKey personKey, CancellationToken cancellationToken);

    /// <summary>The ids of the person's verifications still stored: each may stand behind a live access token.</summary>
    IAsyncEnumerable<string> VerificationsOfAsync(PersonKey personKey, CancellationToken cancellationToken);

    /// <summary>Deletes the person's row, then every other row under the key (verifications too), then the report rows; safe to repeat.</summary>
    Task<PurgedData> DeleteRowsAsync(PersonKey personKey, CancellationToken cancellationToken);
}
