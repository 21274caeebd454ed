using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;

namespace EntryExit.Storage.Identity;

/// <summary>People: partition = PersonKey, one row <c>person</c>; name and ID number encrypted, bound to the key.</summary>
public sealed class TablePersonStore(StorageClients clients, IPersonKeys personKeys, IPersonalDataProtector protector, TimeProvider clock) : IPersonStore
{
    private const string RowKey = "person";
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.PeopleTable);

    public async Task<Person?> FindAsync(PersonKey key, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(key.Value, RowKey, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return null;
        }

        var idText = protector.Unprotect(entity.GetString("IdNumber"), key.Value);
        var nameText = protector.Unprotect(entity.GetString("Name"), key.Value);
        if (!ResidentIdNumber.TryParse(idText, Core.Time.ChinaTime.Today(clock), out var idNumber) || !PersonName.TryParse(nameText, out var name)
            || !ResidencyCodes.TryParse(entity.GetString("Residency"), out var residency))
        {
            throw new InvalidOperationException("A stored person record is corrupt.");
        }

        LatinName? nameLatin = null;
        if (entity.GetString("NameLatin") is { } protectedLatin && !LatinName.TryParse(protector.Unprotect(protectedLatin, key.Value), out nameLatin))
        {
            throw new InvalidOperationException("A stored person record is corrupt.");
        }

        return new Person(idNumber, name, idNumber.Sex, idNumber.BirthDate, residency) { NameLatin = nameLatin };
    }

    public Task UpsertAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken)
    {
        var entities = people.Select(person =>
        {
            var key = personKeys.KeyOf(person.IdNumber).Value;
            return (ITableEntity)new TableEntity(key, RowKey)
            {
                ["IdNumber"] = protector.Protect(person.IdNumber.Value, key),
                ["Name"] = protector.Protect(person.Name.Value, key),
                ["Residency"] = person.Residency.Code(),

                // Replace mode: a person re-imported without nameLatin loses the stored one.
                ["NameLatin"] = person.NameLatin is { } latin ? protector.Protect(latin.Value, key) : null,
            };
        });

        // One entity per partition: plain upserts, a few at a time.
        return Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (entity, ct) => await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct));
    }
}
