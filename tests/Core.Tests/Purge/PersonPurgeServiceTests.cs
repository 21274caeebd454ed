using System.Runtime.CompilerServices;
using EntryExit.Core.Identity;
using EntryExit.Core.Purge;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Purge;

public sealed class PersonPurgeServiceTests
{
    private const string IdNumber = "11010519491231002X";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private readonly HmacPersonKeys _keys = new(TestOptions.Security());
    private readonly RecordingPurge _data = new();
    private readonly InMemoryPhotos _photos = new();
    private readonly RecordingFiles _files = new();
    private readonly InMemoryRevocations _revocations = new();
    private readonly InMemoryAudit _audit = new();
    private readonly ListLogger<PersonPurgeService> _logs = new();

    [Fact]
    public async Task Sessions_are_signed_out_and_photo_and_pdfs_go_before_the_rows()
    {
        var person = Key(IdNumber);
        await _photos.SaveAsync(person, TestPhotos.Png(1), CancellationToken.None);
        _data.Verifications.AddRange(["v1", "v2"]);
        _data.Reports.Add(ReportNumber.Create(new DateOnly(2026, 11, 24), 1));

        var result = await Service().PurgeAsync(new PersonPurgeRequest(IdNumber), CancellationToken.None);

        result.Value.Should().Be(new PurgedData(true, 3, 1));
        (await _revocations.IsRevokedAsync("v1", CancellationToken.None)).Should().BeTrue();
        (await _revocations.IsRevokedAsync("v2", CancellationToken.None)).Should().BeTrue();
        (await _photos.FindAsync(person, CancellationToken.None)).Should().BeNull();
        _files.Deleted.Should().Equal(_data.Reports);
        _data.FilesDeletedBeforeRows.Should().BeTrue("a PDF no row names could never be found again");
        _audit.Entries.Should().ContainSingle(e => e.Action == "person.purge" && e.Outcome == "purged" && e.PersonKey == person);
        _logs.Lines.Should().NotContain(l => l.Text.Contains(IdNumber, StringComparison.Ordinal)).And.Contain(l => l.Text.Contains("110105********002X", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("110105194912310021")]
    [InlineData("not a number")]
    public async Task An_invalid_id_number_is_a_400_naming_idNumber_and_nothing_is_deleted(string? idNumber)
    {
        var result = await Service().PurgeAsync(new PersonPurgeRequest(idNumber), CancellationToken.None);

        result.Problem!.Code.Should().Be("invalid_id_number");
        result.Problem.Errors.Should().ContainKey("idNumber");
        _data.RowsDeleted.Should().BeFalse();
    }

    private PersonPurgeService Service()
    {
        _data.Files = _files;
        return new(_keys, _data, _photos, _files, _revocations, _audit, _clock, _logs);
    }

    private PersonKey Key(string idNumber)
    {
        ResidentIdNumber.TryParse(idNumber, new DateOnly(2026, 11, 25), out var parsed).Should().BeTrue();
        return _keys.KeyOf(parsed);
    }

    private sealed class RecordingPurge : IPersonDataPurge
    {
        public List<string> Verifications { get; } = [];

        public List<ReportNumber> Reports { get; } = [];

        public bool RowsDeleted { get; private set; }

        public bool FilesDeletedBeforeRows { get; private set; }

        public RecordingFiles? Files { get; set; }

        public async IAsyncEnumerable<ReportNumber> ReportsOfAsync(PersonKey personKey, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var number in Reports)
            {
                await Task.Yield();
                yield return number;
            }
        }

        public async IAsyncEnumerable<string> VerificationsOfAsync(PersonKey personKey, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var id in Verifications)
            {
                await Task.Yield();
                yield return id;
            }
        }

        public Task<PurgedData> DeleteRowsAsync(PersonKey personKey, CancellationToken cancellationToken)
        {
            FilesDeletedBeforeRows = Files is null || Files.Deleted.Count == Reports.Count;
            RowsDeleted = true;
            return Task.FromResult(new PurgedData(true, 3, Reports.Count));
        }
    }

    private sealed class RecordingFiles : IReportFiles
    {
        public List<ReportNumber> Deleted { get; } = [];

        public Task SaveAsync(ReportNumber number, byte[] pdf, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<byte[]?> ReadAsync(ReportNumber number, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);

        public Task DeleteAsync(ReportNumber number, CancellationToken cancellationToken)
        {
            Deleted.Add(number);
            return Task.CompletedTask;
        }

        public Task<Uri> GetDownloadUrlAsync(ReportNumber number, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            Task.FromResult(new Uri("http://127.0.0.1/"));
    }
}
