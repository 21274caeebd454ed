using Azure.Data.Tables;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;
using EntryExit.Storage.Identity;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class PersonStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task People_are_stored_under_a_keyed_hash_with_name_and_number_encrypted()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var keys = new HmacPersonKeys(TestStorage.Security);
        var store = new TablePersonStore(clients, keys, new AesGcmProtector(TestStorage.Security), TimeProvider.System);
        ResidentIdNumber.TryParse("65010219900315051" + ResidentIdNumber.CheckCharacterFor("65010219900315051"), new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse("买买提·艾力", out var name).Should().BeTrue();
        var person = new Person(id, name, id.Sex, id.BirthDate, Residency.Mainland);

        await store.UpsertAsync([person], CancellationToken.None);

        (await store.FindAsync(keys.KeyOf(id), CancellationToken.None)).Should().Be(person);
        await foreach (var entity in clients.Tables.GetTableClient(StorageNames.PeopleTable).QueryAsync<TableEntity>())
        {
            var raw = string.Join("|", entity.Select(p => $"{p.Key}={p.Value}"));
            raw.Should().NotContain(id.Value).And.NotContain("买买提").And.NotContain("19900315");
        }
    }

    [Fact]
    public async Task The_passport_spelling_is_kept_encrypted_and_goes_when_a_reimport_has_none()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var keys = new HmacPersonKeys(TestStorage.Security);
        var store = new TablePersonStore(clients, keys, new AesGcmProtector(TestStorage.Security), TimeProvider.System);
        ResidentIdNumber.TryParse("44030419850612" + "271" + ResidentIdNumber.CheckCharacterFor("44030419850612271"), new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        PersonName.TryParse("钱学森", out var name).Should().BeTrue();
        LatinName.TryParse("QIAN XUESEN", out var latin).Should().BeTrue();
        var person = new Person(id, name, id.Sex, id.BirthDate, Residency.Mainland) { NameLatin = latin };

        await store.UpsertAsync([person], CancellationToken.None);

        (await store.FindAsync(keys.KeyOf(id), CancellationToken.None))!.NameLatin.Should().Be(latin);
        var entity = (await clients.Tables.GetTableClient(StorageNames.PeopleTable).GetEntityAsync<TableEntity>(keys.KeyOf(id).Value, "person")).Value;
        entity.GetString("NameLatin").Should().NotBeNullOrEmpty().And.NotContain("QIAN");

        await store.UpsertAsync([person with { NameLatin = null }], CancellationToken.None);
        (await store.FindAsync(keys.KeyOf(id), CancellationToken.None))!.NameLatin.Should().BeNull();
    }
}
