using System.Security.Cryptography;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Storage.Reports;
using EntryExit.TestSupport;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class ReportStorageTests(AzuriteFixture azurite)
{
    private static int _next = Random.Shared.Next(100_000, 900_000);

    [Fact]
    public async Task A_number_is_created_once_and_updated_only_against_the_version_read()
    {
        var store = new TableReportStore(await TestStorage.ClientsAsync(azurite));
        var report = NewReport();
        (await store.TryCreateAsync(report, CancellationToken.None)).Should().BeTrue();
        (await store.TryCreateAsync(report, CancellationToken.None)).Should().BeFalse();

        var read = (await store.FindAsync(report.Number, CancellationToken.None))!;
        read.Should().BeEquivalentTo(report, o => o.Excluding(r => r.Version));
        var updated = await store.TryUpdateAsync(read with { Status = ReportStatus.Rendering, Attempts = 1 }, CancellationToken.None);
        updated.Should().NotBeNull();
        (await store.TryUpdateAsync(read with { Status = ReportStatus.Failed }, CancellationToken.None)).Should().BeNull("the version read is stale");
        (await store.FindAsync(report.Number, CancellationToken.None))!.Status.Should().Be(ReportStatus.Rendering);
    }

    [Fact]
    public async Task Expired_reports_holding_a_file_are_listed()
    {
        var store = new TableReportStore(await TestStorage.ClientsAsync(azurite));
        var now = DateTimeOffset.UtcNow;
        var expired = NewReport() with { Status = ReportStatus.Ready, ExpiresAt = now.AddMinutes(-1) };
        var current = NewReport() with { Status = ReportStatus.Ready, ExpiresAt = now.AddDays(1) };
        var gone = NewReport() with { Status = ReportStatus.Expired, ExpiresAt = now.AddMinutes(-1) };
        foreach (var r in new[] { expired, current, gone })
        {
            await store.TryCreateAsync(r, CancellationToken.None);
        }

        var listed = new List<ReportNumber>();
        await foreach (var r in store.ListExpiredAsync(now, CancellationToken.None))
        {
            listed.Add(r.Number);
        }

        listed.Should().Contain(expired.Number).And.NotContain(current.Number).And.NotContain(gone.Number);
    }

    [Fact]
    public async Task Reports_a_stage_still_has_to_move_are_listed_by_when_their_row_last_changed()
    {
        var store = new TableReportStore(await TestStorage.ClientsAsync(azurite));
        var beforeWriting = DateTimeOffset.UtcNow.AddSeconds(-5);
        var queued = NewReport();
        var readyToEmail = NewReport() with { Status = ReportStatus.Ready };
        var readyToDownload = NewReport() with { Status = ReportStatus.Ready, Delivery = Delivery.Download };
        var sent = NewReport() with { Status = ReportStatus.Sent };
        foreach (var r in new[] { queued, readyToEmail, readyToDownload, sent })
        {
            await store.TryCreateAsync(r, CancellationToken.None);
        }

        (await ListStuck(store, beforeWriting)).Should().NotContain([queued.Number, readyToEmail.Number], "they changed after that instant");
        var listed = await ListStuck(store, DateTimeOffset.UtcNow.AddSeconds(5));
        listed.Should().Contain([queued.Number, readyToEmail.Number]).And.NotContain([readyToDownload.Number, sent.Number]);
    }

    private static async Task<List<ReportNumber>> ListStuck(TableReportStore store, DateTimeOffset changedBefore)
    {
        var listed = new List<ReportNumber>();
        await foreach (var r in store.ListStuckAsync(changedBefore, CancellationToken.None))
        {
            listed.Add(r.Number);
        }

        return listed;
    }

    [Fact]
    public async Task A_download_url_works_with_a_plain_get_and_the_container_stays_private()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var files = new BlobReportFiles(clients, TimeProvider.System);
        var number = NewReport().Number;
        var pdf = RandomNumberGenerator.GetBytes(2048);
        await files.SaveAsync(number, pdf, CancellationToken.None);

        var url = await files.GetDownloadUrlAsync(number, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");

        var bare = new UriBuilder(url) { Query = "" }.Uri;
        (await http.GetAsync(bare)).IsSuccessStatusCode.Should().BeFalse("the container is private");

        await files.DeleteAsync(number, CancellationToken.None);
        await files.DeleteAsync(number, CancellationToken.None);
        (await files.ReadAsync(number, CancellationToken.None)).Should().BeNull();
    }

    private static Report NewReport() => new(
        ReportNumber.Create(new DateOnly(2026, 11, 25), Interlocked.Increment(ref _next)),
        new PersonKey("owner"),
        ReportKind.Records,
        ReportStatus.Queued,
        new DateOnly(2016, 11, 25),
        new DateOnly(2026, 11, 25),
        [new DocumentRef(DocumentKind.HkMacauPermit, "C12345678")],
        Delivery.Email,
        new DateTimeOffset(2026, 11, 25, 1, 2, 3, TimeSpan.Zero))
    {
        ProtectedEmail = "v1.abc",
        ProtectedPassword = "v1.def",
        VerificationCode = "ABCDEFGHJK",
    };
}
