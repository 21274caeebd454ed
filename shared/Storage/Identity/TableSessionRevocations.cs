using Azure.Data.Tables;
using EntryExit.Core.Identity;

namespace EntryExit.Storage.Identity;

/// <summary>Revoked sessions: partition = verification id; one point read per authenticated request.</summary>
public sealed class TableSessionRevocations(StorageClients clients) : ISessionRevocations
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.RevokedSessionsTable);

    public Task RevokeAsync(string verificationId, DateTimeOffset until, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(verificationId, "") { ["Until"] = until }, TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> IsRevokedAsync(string verificationId, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(verificationId, "", select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;
}
