using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;

namespace EntryExit.TestSupport;

/// <summary>
/// The records e-file of a Shenzhen–Hong Kong commuter, the largest one the product makes: a crossing every 12 hours for
/// ten years (7,300 rows) at Futian and Luohu on one permit. The bench measures it and the e-file tests hold its size.
/// </summary>
public static class CommuterEFile
{
    public const int TenYearsOfRows = 7300;

    public static RecordsEFileContent Content(int rows, Language language)
    {
        var china = TimeSpan.FromHours(8);
        if (!ResidentIdNumber.TryParse("44030419850612137X", new DateOnly(2026, 1, 1), out var id) || !PersonName.TryParse("陈志明", out var name)
            || !LatinName.TryParse("CHEN ZHIMING", out var latin))
        {
            throw new InvalidOperationException("The sample commuter is invalid.");
        }

        var crossings = Enumerable.Range(0, rows)
            .Select(i => new Crossing(i % 2 == 0 ? Direction.Entry : Direction.Exit, new DateTimeOffset(2026, 11, 20, 19, 0, 0, china).AddHours(-12 * i),
                DocumentKind.HkMacauPermit, "C59576829", i % 3 == 0 ? "福田" : "罗湖", ""))
            .ToList();
        return new RecordsEFileContent(
            new EFileIssue(ReportNumber.Create(new DateOnly(2026, 11, 25), 377109), new DateOnly(2026, 11, 25), new DateTimeOffset(2026, 11, 25, 9, 57, 0, TimeSpan.Zero),
                "ABCDEFGHJK", new Uri("https://api.example/api/verifications/document/E261125377109?code=ABCDEFGHJK"), language),
            new EFileHolder(name, id.Sex, id.BirthDate, id, language == Language.ZhEn ? latin : null),
            new DateOnly(2016, 11, 25),
            new DateOnly(2026, 11, 25),
            crossings);
    }
}
