using System.Globalization;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;

namespace EntryExit.EFile.Tests;

/// <summary>Realistic e-file contents: the example of the guide, with a name, ports and documents filled in.</summary>
internal static class Samples
{
    public static readonly DateOnly Today = new(2023, 2, 23);
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly (string Port, string Flight, DocumentKind Kind, string Number)[] Places =
    [
        ("罗湖", "", DocumentKind.HkMacauPermit, "C12345678"),
        ("深圳湾", "粤Z1234港", DocumentKind.HkMacauPermit, "C12345678"),
        ("港珠澳大桥", "", DocumentKind.HkMacauPermit, "C12345678"),
        ("首都国际机场", "CA937", DocumentKind.Passport, "E98765432"),
    ];

    public static RecordsEFileContent Content(int crossings, string name = "买买提·艾力") =>
        Content(Crossings(crossings), name);

    public static RecordsEFileContent Content(IReadOnlyList<Crossing> crossings, string name = "买买提·艾力")
    {
        if (!PersonName.TryParse(name, out var personName))
        {
            throw new ArgumentException($"Not a valid name: {name}", nameof(name));
        }

        return new RecordsEFileContent(
            new EFileIssue(ReportNumber.Create(Today, 377109), Today, new DateTimeOffset(2023, 2, 23, 9, 57, 12, TimeSpan.Zero), "7K3M-9QXP-2R4T",
                new Uri("https://verify.example.cn/efile/E230223377109?code=7K3M-9QXP-2R4T")),
            new EFileHolder(personName, Sex.Male, new DateOnly(1985, 6, 15), IdNumber("65010219850615123")),
            Today.AddYears(-10),
            Today,
            crossings);
    }

    /// <summary>Newest first, alternating exit and entry, one crossing every ten hours back from the query date.</summary>
    public static IReadOnlyList<Crossing> Crossings(int count)
    {
        var list = new List<Crossing>(count);
        var at = new DateTimeOffset(2023, 2, 20, 18, 42, 0, China);
        for (var i = 0; i < count; i++)
        {
            var place = Places[(i / 2) % Places.Length];
            list.Add(new Crossing(i % 2 == 0 ? Direction.Entry : Direction.Exit, at, place.Kind, place.Number, place.Port, place.Flight));
            at = at.AddHours(-10).AddMinutes(-7);
        }

        return list;
    }

    public static ResidentIdNumber IdNumber(string body)
    {
        return ResidentIdNumber.TryParse(body + ResidentIdNumber.CheckCharacterFor(body), Today, out var id)
            ? id
            : throw new ArgumentException($"Not a valid ID number body: {body}", nameof(body));
    }

    public static string Digits(int value) => value.ToString(CultureInfo.InvariantCulture);
}
