using Azure.Data.Tables;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Storage.Documents;
using EntryExit.Storage.Identity;
using EntryExit.Storage.Import;
using EntryExit.Storage.Records;
using EntryExit.Storage.Reports;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

/// <summary>
/// A stored value the app cannot read — here a document kind from a newer version, "diplomatic_passport" — is an
/// error naming the table, the key and the field, never the code's default (a passport, served online).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StoredDataTests(AzuriteFixture azurite)
{
    private const string UnknownKind = "diplomatic_passport";

    [Fact]
    public async Task A_document_of_an_unknown_kind_is_a_data_error_not_a_passport()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new TableDocumentStore(clients, new HmacPersonKeys(TestStorage.Security));
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        await store.UpsertAsync(person, [new TravelDocument(DocumentKind.Passport, "E" + Digits(), DocumentStatus.Valid, new DateOnly(2021, 3, 1), new DateOnly(2031, 2, 28), "国家移民管理局", "广东")], CancellationToken.None);
        var rowKey = await SetAsync(clients, StorageNames.DocumentsTable, person.Value, "Kind", UnknownKind);

        var read = () => store.ListAsync(person, CancellationToken.None);

        var error = (await read.Should().ThrowAsync<StoredDataException>()).Which;
        (error.Table, error.PartitionKey, error.RowKey, error.Field).Should().Be((StorageNames.DocumentsTable, person.Value, rowKey, "Kind"));
        error.Message.Should().Contain(StorageNames.DocumentsTable).And.Contain(rowKey).And.Contain("Kind").And.Contain(UnknownKind);
    }

    [Fact]
    public async Task A_crossing_on_an_unknown_kind_is_a_data_error_not_a_crossing_served_online()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var (person, _, read) = await OneCrossingAsync(clients);
        var rowKey = await SetAsync(clients, StorageNames.CrossingsTable, person.Value, "DocumentKind", UnknownKind);

        var error = (await read.Should().ThrowAsync<StoredDataException>()).Which;
        (error.Table, error.PartitionKey, error.RowKey, error.Field).Should().Be((StorageNames.CrossingsTable, person.Value, rowKey, "DocumentKind"));
    }

    [Fact]
    public async Task A_crossing_with_an_impossible_offset_or_no_port_is_a_data_error()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var (person, at, read) = await OneCrossingAsync(clients);
        (await read()).Crossings.Should().ContainSingle().Which.At.Should().Be(at);

        await SetAsync(clients, StorageNames.CrossingsTable, person.Value, "OffsetMinutes", 100_000);
        (await read.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("OffsetMinutes");

        await SetAsync(clients, StorageNames.CrossingsTable, person.Value, "OffsetMinutes", 480);
        await SetAsync(clients, StorageNames.CrossingsTable, person.Value, "Port", null);
        (await read.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("Port", "a crossing without its port is not served as one at no port");
    }

    [Fact]
    public async Task A_report_naming_a_document_of_an_unknown_kind_or_an_unknown_status_is_a_data_error()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new TableReportStore(clients);
        var report = QueuedReport(new DocumentRef(DocumentKind.HkMacauPermit, "C12345678"));
        (await store.TryCreateAsync(report, CancellationToken.None)).Should().BeTrue();
        var find = () => store.FindAsync(report.Number, CancellationToken.None);

        await SetAsync(clients, StorageNames.ReportsTable, report.Number.Value, "Documents", $"[[\"{UnknownKind}\",\"C12345678\"]]");
        var error = (await find.Should().ThrowAsync<StoredDataException>()).Which;
        (error.Table, error.PartitionKey, error.Field).Should().Be((StorageNames.ReportsTable, report.Number.Value, "Documents"));
        error.Message.Should().Contain(UnknownKind);

        await SetAsync(clients, StorageNames.ReportsTable, report.Number.Value, "Documents", "[[\"hk_macau_permit\",\"C12345678\"]]");
        await SetAsync(clients, StorageNames.ReportsTable, report.Number.Value, "Status", "3");
        (await find.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("Status", "a number is not a status code, whatever the enum's order");
    }

    [Fact]
    public async Task A_quota_day_or_an_idempotency_claims_report_number_that_cannot_be_read_is_a_data_error()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var quotas = new TableReportQuotas(clients);
        (await quotas.TrySaveAsync(person, new DailyReportCount(new DateOnly(2026, 11, 25), 20, null), CancellationToken.None)).Should().BeTrue();
        await SetAsync(clients, StorageNames.ReportQuotasTable, person.Value, "Day", "25/11/2026");

        var quota = () => quotas.FindAsync(person, CancellationToken.None);
        (await quota.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("Day", "an unreadable day must not start the count again");

        var keys = new TableIdempotencyKeys(clients);
        var claim = new IdempotencyClaim(person, IdempotencyClaim.HashKey("k1"), "hash", ReportNumber.Create(new DateOnly(2026, 11, 25), 1), new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
        await keys.ClaimAsync(claim, CancellationToken.None);
        await SetAsync(clients, StorageNames.IdempotencyKeysTable, person.Value, "ReportNumber", "not-a-number");

        var again = () => keys.ClaimAsync(claim, CancellationToken.None);
        (await again.Should().ThrowAsync<StoredDataException>()).Which
            .Should().Match<StoredDataException>(e => e.Table == StorageNames.IdempotencyKeysTable && e.Field == "ReportNumber");
    }

    [Fact]
    public async Task A_verification_missing_its_expiry_or_holding_a_person_of_another_type_is_a_data_error()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new TableVerificationStore(clients);
        var id = Guid.NewGuid().ToString("N");
        var expiresAt = new DateTimeOffset(2026, 11, 25, 1, 5, 0, TimeSpan.Zero);
        await store.CreateAsync(new Verification(id, new PersonKey("someone"), new LivenessSession("development", "s1", "c1", expiresAt), expiresAt, Completed: false), CancellationToken.None);
        var find = () => store.FindAsync(id, CancellationToken.None);
        (await find()).Should().NotBeNull("the row as written reads back");

        await SetAsync(clients, StorageNames.VerificationsTable, id, "Person", 42);
        var error = (await find.Should().ThrowAsync<StoredDataException>()).Which;
        (error.Table, error.PartitionKey, error.Field).Should().Be((StorageNames.VerificationsTable, id, "Person"));
        error.Message.Should().Contain("is not text");

        await SetAsync(clients, StorageNames.VerificationsTable, id, "Person", "someone");
        await SetAsync(clients, StorageNames.VerificationsTable, id, "ExpiresAt", null);
        (await find.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("ExpiresAt", "a verification without an expiry must not live for ever");
        await clients.Tables.GetTableClient(StorageNames.VerificationsTable).DeleteEntityAsync(id, "");
    }

    [Fact]
    public async Task An_import_whose_error_list_or_counter_cannot_be_read_is_a_data_error_not_an_empty_list()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new TableImportStore(clients);
        var id = Guid.NewGuid().ToString("N");
        await store.CreateAsync(new ImportStatus(id, ImportState.Completed, 3, 2, 1, [new ImportError(2, "invalid_id_number")]) { CreatedAt = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        var find = () => store.FindAsync(id, CancellationToken.None);
        (await find())!.Errors.Should().Equal(new ImportError(2, "invalid_id_number"));

        foreach (var damaged in new[] { "not json", "[[\"invalid_id_number\", 2]]", "[[2]]" })
        {
            await SetAsync(clients, StorageNames.ImportsTable, id, "Errors", damaged);
            (await find.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("Errors", damaged);
        }

        await SetAsync(clients, StorageNames.ImportsTable, id, "Errors", "[]");
        await SetAsync(clients, StorageNames.ImportsTable, id, "Accepted", "2");
        (await find.Should().ThrowAsync<StoredDataException>()).Which.Message.Should().Contain("Accepted").And.Contain("is not a 64-bit number");
        await clients.Tables.GetTableClient(StorageNames.ImportsTable).DeleteEntityAsync(id, "");
    }

    [Fact]
    public async Task A_report_whose_page_count_holds_text_is_a_data_error()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new TableReportStore(clients);
        var report = QueuedReport() with { Pages = 3 };
        (await store.TryCreateAsync(report, CancellationToken.None)).Should().BeTrue();

        await SetAsync(clients, StorageNames.ReportsTable, report.Number.Value, "Pages", "3");
        try
        {
            var find = () => store.FindAsync(report.Number, CancellationToken.None);
            (await find.Should().ThrowAsync<StoredDataException>()).Which.Field.Should().Be("Pages");
        }
        finally
        {
            // The tests share one Azurite: a queued report that cannot be read would break every listing of stuck reports.
            await clients.Tables.GetTableClient(StorageNames.ReportsTable).DeleteEntityAsync(report.Number.Value, "");
        }
    }

    /// <summary>One crossing of a new person, and the query that reads the day around it.</summary>
    private static async Task<(PersonKey Person, DateTimeOffset At, Func<Task<CrossingPage>> Read)> OneCrossingAsync(StorageClients clients)
    {
        var store = new TableCrossingStore(clients);
        var person = new PersonKey(Guid.NewGuid().ToString("N"));
        var at = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        await store.UpsertAsync(person, [new Crossing(Direction.Exit, at, DocumentKind.Passport, "E" + Digits(), "罗湖", "")], CancellationToken.None);
        return (person, at, () => store.QueryAsync(person, at.AddDays(-1), at.AddDays(1), [], 100, null, CancellationToken.None));
    }

    private static Report QueuedReport(params DocumentRef[] documents) => new(
        ReportNumber.Create(new DateOnly(2026, 11, 25), Random.Shared.Next(0, 1_000_000)),
        new PersonKey("owner"),
        ReportKind.Records,
        ReportStatus.Queued,
        new DateOnly(2016, 11, 25),
        new DateOnly(2026, 11, 25),
        documents,
        Delivery.Download,
        new DateTimeOffset(2026, 11, 25, 1, 2, 3, TimeSpan.Zero));

    /// <summary>Overwrites one field of the partition's only row, as a newer version or a damaged write would; returns its row key.</summary>
    private static async Task<string> SetAsync(StorageClients clients, string table, string partitionKey, string field, object? value)
    {
        var client = clients.Tables.GetTableClient(table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")))
        {
            rows.Add(row);
        }

        var entity = rows.Should().ContainSingle().Subject;
        if (value is null)
        {
            entity.Remove(field);
        }
        else
        {
            entity[field] = value;
        }

        await client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        return entity.RowKey;
    }

    private static string Digits() => Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
