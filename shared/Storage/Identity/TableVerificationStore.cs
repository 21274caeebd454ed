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
            var liveness = new LivenessSession(e.GetString("Provider"), e.GetString("SessionId"), e.GetString("Challenge"), e.GetDateTimeOffset("ExpiresAt")!.Value);
            return new Verification(id, new PersonKey(e.GetString("Person")), liveness, e.GetDateTimeOffset("ExpiresAt")!.Value, e.GetBoolean("Completed") ?? false, e.ETag.ToString(), e.GetInt32("Answers") ?? 0);
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
