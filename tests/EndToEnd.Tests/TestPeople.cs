using System.Globalization;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.DemoData;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// A person of the test's own, with a fresh valid ID number so tests sharing one Azurite never meet, and a reference
/// photo drawn from that number (<see cref="SyntheticFaces"/>), the face <see cref="StackFixture.SignInAsync"/> shows.
/// </summary>
public sealed record TestPerson(string Name, string IdNumber, string Sex, string BirthDate)
{
    private static int _sequence = Random.Shared.Next(0, 400);

    // Born on a day no demo identity (DemoIdentities) is born on: the demo commuter is 440304 19850612 137X, and a test
    // person drawing sequence 137 on that day would be the commuter, with the commuter's photo and records.
    public static TestPerson Create(string name)
    {
        var sequence = Interlocked.Increment(ref _sequence) % 1000;
        var body = string.Create(CultureInfo.InvariantCulture, $"44030419860723{sequence:D3}");
        var idNumber = body + ResidentIdNumber.CheckCharacterFor(body);
        return new TestPerson(name, idNumber, sequence % 2 == 1 ? "M" : "F", "1986-07-23");
    }

    /// <summary>The person's reference photo (a PNG).</summary>
    public byte[] Photo => SyntheticFaces.Png(IdNumber);

    /// <summary>The person line and, unless <paramref name="withPhoto"/> is false, their photo line after it (two NDJSON lines).</summary>
    public string PersonLine(string residency = "mainland", bool withPhoto = true)
    {
        var person = JsonSerializer.Serialize(new
        {
            type = "person", idNumber = IdNumber, name = Name, sex = Sex, birthDate = BirthDate, residency,
        });
        return withPhoto ? person + "\n" + PhotoLine() : person;
    }

    public string PhotoLine() => JsonSerializer.Serialize(new
    {
        type = "photo", idNumber = IdNumber, contentType = "image/png", data = Convert.ToBase64String(Photo),
    });

    /// <summary>A valid document of the person's, issued 2020 and valid ten years.</summary>
    public string DocumentLine(string kind, string number) => JsonSerializer.Serialize(new
    {
        type = "document", idNumber = IdNumber, kind, number, status = "valid", issuedOn = "2020-01-01", expiresOn = "2030-01-01",
        issuingAuthority = "国家移民管理局", placeOfIssue = "深圳",
    });

    public string CrossingLine(TestCrossing c) => JsonSerializer.Serialize(new
    {
        type = "crossing", idNumber = IdNumber, documentKind = c.DocumentKind, documentNumber = c.DocumentNumber,
        direction = c.Direction, at = c.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), port = c.Port, flightNumber = c.FlightNumber,
    });
}

public sealed record TestCrossing(string Direction, DateTimeOffset At, string DocumentKind, string DocumentNumber, string Port, string FlightNumber)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>A year of trips before now: land crossings to Hong Kong and flights from Beijing, oldest last.</summary>
    public static IReadOnlyList<TestCrossing> RecentTrips()
    {
        var today = DateTimeOffset.UtcNow.ToOffset(China).Date;
        var list = new List<TestCrossing>();
        string[] ports = ["罗湖", "深圳湾", "港珠澳大桥"];
        for (var i = 0; i < 12; i++)
        {
            var day = new DateTimeOffset(today.AddDays(-(10 + i * 25)), China);
            list.Add(new TestCrossing("exit", day.AddHours(8).AddMinutes(i), "hk_macau_permit", "C60000001", ports[i % 3], ""));
            list.Add(new TestCrossing("entry", day.AddHours(19).AddMinutes(i), "hk_macau_permit", "C60000001", ports[(i + 1) % 3], ""));
        }

        var flight = new DateTimeOffset(today.AddDays(-100), China);
        list.Add(new TestCrossing("exit", flight.AddHours(9), "passport", "E60000001", "首都国际机场", "CA933"));
        list.Add(new TestCrossing("entry", flight.AddDays(14).AddHours(15), "passport", "E60000001", "首都国际机场", "CA934"));
        return list;
    }
}
