using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;

namespace EntryExit.Storage.Identity;

/// <summary>People: partition = PersonKey, one row <c>person</c>; name and ID number encrypted, bound to the key.</summary>
public sealed class TablePersonStore(StorageClients clients, IPersonKeys personKeys, IPersonalDataProtector protector, TimeProvider clock) : IPersonStore
{
    private const string RowKey = "person";
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.PeopleTable);

    public async Task<Person?> FindAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(personKey.Value, RowKey, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return null;
        }

        // The decrypted values are personal: an error names their field, never what they hold.
        var row = new StoredRow(StorageNames.PeopleTable, entity);
        var idNumber = ResidentIdNumber.TryParse(protector.Unprotect(row.Text("IdNumber"), personKey.Value), Core.Time.ChinaTime.Today(clock), out var id)
            ? id
            : throw row.Unreadable("IdNumber");
        var name = PersonName.TryParse(protector.Unprotect(row.Text("Name"), personKey.Value), out var n) ? n : throw row.Unreadable("Name");
        LatinName? nameLatin = null;
        if (row.OptionalText("NameLatin") is { } protectedLatin && !LatinName.TryParse(protector.Unprotect(protectedLatin, personKey.Value), out nameLatin))
        {
            throw row.Unreadable("NameLatin");
        }

        return new Person(idNumber, name, idNumber.Sex, idNumber.BirthDate, row.Code<Residency>("Residency", ResidencyCodes.TryParse)) { NameLatin = nameLatin };
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
