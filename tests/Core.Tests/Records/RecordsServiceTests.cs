using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using EntryExit.Core.Records;
using EntryExit.Core.Security;
using EntryExit.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Core.Tests.Records;

/// <summary>The records query with in-memory ports: ranges in China time, the ten-year limit, documents, paging.</summary>
public sealed class RecordsServiceTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly ClientAddress Client = new("198.51.100.23");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 17, 30, 0, TimeSpan.Zero)); // 26 Nov, 01:30 in China
    private readonly InMemoryCrossings _crossings = new();
    private readonly InMemoryDocuments _documents = new();
    private readonly InMemoryAudit _audit = new();
    private readonly RecordsService _service;
    private readonly AccessGrant _grant = new(new PersonKey("person-a"), "v1", DateTimeOffset.MaxValue);
    private readonly TravelDocument _permit = Document(DocumentKind.HkMacauPermit, "C10000001");
    private readonly TravelDocument _passport = Document(DocumentKind.Passport, "E10000001");
    private readonly TravelDocument _official = Document(DocumentKind.OfficialPassport, "P10000001");

    public RecordsServiceTests()
    {
        _service = new RecordsService(_crossings, _documents, new PageTokens(TestOptions.Security()), _audit, _clock);
        _documents.UpsertAsync(_grant.PersonKey, [_permit, _passport, _official], CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Paging_yields_every_crossing_once_newest_first_numbered_on()
    {
        var all = Daily(_permit, new DateOnly(2026, 9, 1), 50).ToList();
        await _crossings.UpsertAsync(_grant.PersonKey, all, CancellationToken.None);

        var read = new List<Crossing>();
        var sequences = new List<int>();
        string? token = null;
        do
        {
            var page = (await QueryAsync(new RecordsQuery("3m", null, null, null, 25, token))).Value!;
            sequences.Add(page.FirstSequence);
            read.AddRange(page.Crossings);
            token = page.ContinuationToken;
        }
        while (token is not null);

        read.Should().Equal(all.OrderByDescending(c => c.At));
        sequences.Should().Equal(1, 26, 51, 76);
        _audit.Entries.Should().ContainSingle("one query is one audit entry, however many pages");
    }

    [Fact]
    public async Task A_range_ends_today_in_China_and_a_crossing_just_after_midnight_there_is_in_it()
    {
        var afterMidnight = new Crossing(Direction.Entry, new DateTimeOffset(2026, 11, 26, 0, 10, 0, China), _permit.Kind, _permit.Number, "罗湖", "");
        var outOfRange = new Crossing(Direction.Exit, new DateTimeOffset(2026, 8, 25, 23, 59, 0, China), _permit.Kind, _permit.Number, "罗湖", "");
        await _crossings.UpsertAsync(_grant.PersonKey, [afterMidnight, outOfRange], CancellationToken.None);

        var page = (await QueryAsync(new RecordsQuery("3m", null, null, null, null, null))).Value!;

        (page.Range.From, page.Range.To).Should().Be((new DateOnly(2026, 8, 26), new DateOnly(2026, 11, 26)));
        page.Crossings.Should().Equal(afterMidnight);
    }

    [Theory]
    [InlineData("custom", "2016-11-26", "2026-11-26", null)]
    [InlineData("custom", "2016-11-25", "2026-11-26", "range_exceeds_online_limit")]
    [InlineData("custom", "2026-11-20", "2026-11-27", "invalid_range")]
    [InlineData("custom", "2026-11-20", "2026-11-10", "invalid_range")]
    [InlineData("custom", "2026/11/20", "2026-11-21", "invalid_range")]
    [InlineData("10y", null, null, null)]
    [InlineData("11y", null, null, "invalid_range")]
    public async Task Ranges_reach_back_ten_years_at_most(string range, string? from, string? to, string? code)
    {
        var result = await QueryAsync(new RecordsQuery(range, from, to, null, null, null));

        if (code is null)
        {
            result.IsSuccess.Should().BeTrue(result.Problem?.Code);
        }
        else
        {
            result.Problem!.Code.Should().Be(code);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task A_page_size_outside_1_to_500_is_refused(int pageSize) =>
        (await QueryAsync(new RecordsQuery("1y", null, null, null, pageSize, null))).Problem!.Code.Should().Be("invalid_page_size");

    [Fact]
    public async Task All_documents_means_those_served_online_and_never_official_passports()
    {
        await _crossings.UpsertAsync(_grant.PersonKey, [.. Daily(_permit, new DateOnly(2026, 11, 1), 2), .. Daily(_official, new DateOnly(2026, 11, 1), 2)], CancellationToken.None);

        var page = (await QueryAsync(new RecordsQuery("1y", null, null, null, null, null))).Value!;

        page.Documents.Should().BeEquivalentTo([_permit.Ref, _passport.Ref]);
        page.Crossings.Should().OnlyContain(c => c.DocumentKind == DocumentKind.HkMacauPermit).And.HaveCount(4);
    }

    [Fact]
    public async Task Named_documents_filter_the_crossings_and_must_be_the_persons_own()
    {
        await _crossings.UpsertAsync(_grant.PersonKey, [.. Daily(_permit, new DateOnly(2026, 11, 1), 2), .. Daily(_passport, new DateOnly(2026, 11, 1), 2)], CancellationToken.None);

        var passportOnly = (await QueryAsync(new RecordsQuery("1y", null, null, [new DocumentSelection("passport", " e10000001 ")], null, null))).Value!;
        passportOnly.Crossings.Should().HaveCount(4).And.OnlyContain(c => c.DocumentNumber == _passport.Number);
        passportOnly.Documents.Should().Equal(_passport.Ref);

        (await QueryAsync(new RecordsQuery("1y", null, null, [new DocumentSelection("passport", "E99999999")], null, null))).Problem!.Code.Should().Be("document_not_found");
        (await QueryAsync(new RecordsQuery("1y", null, null, [new DocumentSelection("seamans_book", "S1")], null, null))).Problem!.Code.Should().Be("counter_required");
        (await QueryAsync(new RecordsQuery("1y", null, null, [new DocumentSelection("visa", "V1")], null, null))).Problem!.Code.Should().Be("invalid_document");
    }

    [Fact]
    public async Task A_continuation_token_works_only_for_its_own_person_range_and_documents()
    {
        await _crossings.UpsertAsync(_grant.PersonKey, [.. Daily(_permit, new DateOnly(2026, 11, 1), 10)], CancellationToken.None);
        var token = (await QueryAsync(new RecordsQuery("1y", null, null, null, 5, null))).Value!.ContinuationToken!;

        (await QueryAsync(new RecordsQuery("1y", null, null, null, 5, token))).IsSuccess.Should().BeTrue();
        (await QueryAsync(new RecordsQuery("3m", null, null, null, 5, token))).Problem!.Code.Should().Be("invalid_continuation_token");
        (await QueryAsync(new RecordsQuery("1y", null, null, [new DocumentSelection("hk_macau_permit", _permit.Number)], 5, token))).Problem!.Code.Should().Be("invalid_continuation_token");
        var stranger = _grant with { PersonKey = new PersonKey("person-b") };
        (await _service.QueryAsync(stranger, new RecordsQuery("1y", null, null, null, 5, token), Client, CancellationToken.None)).Problem!.Code.Should().Be("invalid_continuation_token");
        (await QueryAsync(new RecordsQuery("1y", null, null, null, 5, token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..]))).Problem!.Code.Should().Be("invalid_continuation_token");
    }

    private Task<Result<RecordsPage>> QueryAsync(RecordsQuery query) => _service.QueryAsync(_grant, query, Client, CancellationToken.None);

    private static TravelDocument Document(DocumentKind kind, string number) =>
        new(kind, number, DocumentStatus.Valid, new DateOnly(2020, 1, 1), new DateOnly(2030, 1, 1), "公安部出入境管理局", "广东");

    private static IEnumerable<Crossing> Daily(TravelDocument document, DateOnly first, int days)
    {
        for (var day = 0; day < days; day++)
        {
            var morning = new DateTimeOffset(first.AddDays(day).ToDateTime(new TimeOnly(7, 40)), China);
            yield return new Crossing(Direction.Exit, morning, document.Kind, document.Number, "福田", "");
            yield return new Crossing(Direction.Entry, morning.AddHours(11), document.Kind, document.Number, "福田", "");
        }
    }
}
