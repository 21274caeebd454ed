using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>
/// Idempotency keys of <c>POST /api/reports</c>: partition = PersonKey (keys are per person), row = SHA-256 of the key.
/// The first claim is an insert, so of two requests arriving at once exactly one claim is stored and both read it.
/// </summary>
public sealed class TableIdempotencyKeys(StorageClients clients) : IIdempotencyKeys
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.IdempotencyKeysTable);

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        if (await ConditionalWrites.TryAddAsync(_table, ToEntity(claim), cancellationToken) is { } version)
        {
            return claim with { Version = version };
        }

        // Only a purge could remove it between the insert and the read: claim again.
        return await TableRows.FindAsync(_table, claim.PersonKey.Value, claim.KeyHash, FromEntity, cancellationToken)
            ?? await ClaimAsync(claim, cancellationToken);
    }

    public async Task<IdempotencyClaim?> TryReplaceAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        var version = await ConditionalWrites.TryReplaceAsync(_table, ToEntity(claim), claim.Version!, cancellationToken);
        return version is null ? null : claim with { Version = version };
    }

    private static TableEntity ToEntity(IdempotencyClaim claim) => new(claim.PersonKey.Value, claim.KeyHash)
    {
        ["RequestHash"] = claim.RequestHash,
        ["ReportNumber"] = claim.Number.Value,
        ["ClaimedAt"] = claim.ClaimedAt,
    };

    private static IdempotencyClaim FromEntity(TableEntity entity)
    {
        var row = new StoredRow(StorageNames.IdempotencyKeysTable, entity);
        return new(new PersonKey(entity.PartitionKey), entity.RowKey, row.Text("RequestHash"), row.Code<ReportNumber>("ReportNumber", ReportNumber.TryParse), row.Time("ClaimedAt"))
        {
            Version = entity.ETag.ToString(),
        };
    }
}
