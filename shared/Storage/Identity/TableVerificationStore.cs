using Azure.Data.Tables;
using EntryExit.Core.Identity;

namespace EntryExit.Storage.Identity;

/// <summary>Verifications: partition = verification id (random, not personal).</summary>
public sealed class TableVerificationStore(StorageClients clients) : IVerificationStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.VerificationsTable);

    public Task CreateAsync(Verification verification, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(ToEntity(verification), cancellationToken);

    public async Task<Verification?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsSafeId(id))
        {
            return null;
        }

        return await TableRows.FindAsync(_table, id, "", e =>
        {
            var row = new StoredRow(StorageNames.VerificationsTable, e);
            var expiresAt = row.Time("ExpiresAt");
            var liveness = new LivenessSession(row.Text("Provider"), row.Text("SessionId"), row.Text("Challenge"), expiresAt);
            return new Verification(id, new PersonKey(row.Text("Person")), liveness, expiresAt, row.Flag("Completed"), e.ETag.ToString(), row.OptionalInt32("Answers") ?? 0);
        }, cancellationToken);
    }

    public async Task<Verification?> TryReplaceAsync(Verification verification, CancellationToken cancellationToken) =>
        await ConditionalWrites.TryReplaceAsync(_table, ToEntity(verification), verification.Version!, cancellationToken) is { } version
            ? verification with { Version = version }
            : null;

    public async Task<bool> TryCompleteAsync(Verification verification, CancellationToken cancellationToken)
    {
        return await ConditionalWrites.TryReplaceAsync(_table, ToEntity(verification with { Completed = true }), verification.Version!, cancellationToken) is not null;
    }

    private static TableEntity ToEntity(Verification v) => new(v.Id, "")
    {
        ["Person"] = v.PersonKey.Value,
        ["Provider"] = v.Liveness.Provider,
        ["SessionId"] = v.Liveness.SessionId,
        ["Challenge"] = v.Liveness.Challenge,
        ["ExpiresAt"] = v.ExpiresAt,
        ["Completed"] = v.Completed,
        ["Answers"] = v.Answers,
    };
}
