using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Storage.Documents;
using EntryExit.Storage.Issuances;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class DocumentStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Documents_come_back_newest_first_with_their_endorsements_found_by_number()
    {
        var store = new TableDocumentStore(await TestStorage.ClientsAsync(azurite), new HmacPersonKeys(TestStorage.Security));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var suffix = Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var oldPermit = new TravelDocument(DocumentKind.HkMacauPermit, "C1" + suffix, DocumentStatus.Expired, new DateOnly(2014, 5, 1), new DateOnly(2019, 4, 30), "公安部出入境管理局", "广东");
        var permit = oldPermit with { Number = "C2" + suffix, Status = DocumentStatus.Valid, IssuedOn = new DateOnly(2019, 5, 1), ExpiresOn = new DateOnly(2029, 4, 30) };
        var passport = new TravelDocument(DocumentKind.Passport, "E1" + suffix, DocumentStatus.Valid, new DateOnly(2021, 3, 1), new DateOnly(2031, 2, 28), "国家移民管理局", "广东");
        await store.UpsertAsync(person, [oldPermit, passport, permit], CancellationToken.None);

        var g = new Endorsement("香港", "G", "multiple", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), 7);
        var t = new Endorsement("澳门", "T", "single", new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), 14);
        var known = await store.AddEndorsementsAsync([(permit.Number, g), (permit.Number, t), ("C9" + suffix, g)], CancellationToken.None);
        known.Should().Equal(true, true, false);
        await store.AddEndorsementsAsync([(permit.Number, g)], CancellationToken.None);

        var listed = await store.ListAsync(person, CancellationToken.None);
        listed.Select(d => d.Number).Should().Equal(passport.Number, permit.Number, oldPermit.Number);
        listed[1].Endorsements.Should().BeEquivalentTo([t, g]);
        listed[0].Endorsements.Should().BeEmpty();
    }

    [Fact]
    public async Task Issuances_come_back_newest_first_and_reimporting_changes_nothing()
    {
        var store = new TableIssuanceStore(await TestStorage.ClientsAsync(azurite));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var first = new Issuance("E10000001", new DateOnly(2009, 3, 1), new DateOnly(2019, 2, 28), "北京市公安局出入境管理局", DocumentStatus.Expired);
        var second = new Issuance("EA0000002", new DateOnly(2019, 3, 1), new DateOnly(2029, 2, 28), "北京市公安局出入境管理局", DocumentStatus.Valid);
        await store.UpsertAsync(person, [first, second], CancellationToken.None);
        await store.UpsertAsync(person, [second], CancellationToken.None);

        (await store.ListAsync(person, CancellationToken.None)).Should().Equal(second, first);
    }
}
