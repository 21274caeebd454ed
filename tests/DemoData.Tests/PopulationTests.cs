using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.DemoData.Tests;

public sealed partial class PopulationTests(PopulationFixture population) : IClassFixture<PopulationFixture>
{
    private static readonly DateOnly Today = PopulationFixture.Today;

    private static readonly Dictionary<string, string[]> Fields = new()
    {
        ["person"] = ["type", "idNumber", "name", "sex", "birthDate", "residency"],
        ["photo"] = ["type", "idNumber", "contentType", "data"],
        ["document"] = ["type", "idNumber", "kind", "number", "status", "issuedOn", "expiresOn", "issuingAuthority", "placeOfIssue"],
        ["endorsement"] = ["type", "documentNumber", "destination", "endorsementType", "entries", "validFrom", "validUntil", "staysDays"],
        ["crossing"] = ["type", "idNumber", "documentKind", "documentNumber", "direction", "at", "port", "flightNumber"],
        ["issuance"] = ["type", "idNumber", "passportNumber", "issuedOn", "expiresOn", "issuingAuthority", "status"],
    };

    private static readonly string[] Airports = ["首都国际机场", "浦东国际机场", "白云国际机场"];
    private static readonly string[] LandPorts = ["罗湖", "深圳湾", "港珠澳大桥", "福田", "皇岗", "拱北"];

    [Fact]
    public void Every_line_is_json_with_exactly_the_fields_of_its_type_in_the_spec_order()
    {
        population.Parsed.Should().HaveCount(population.Lines.Count);
        foreach (var line in population.Parsed)
        {
            var type = line.GetProperty("type").GetString()!;
            Fields.Should().ContainKey(type);
            // nameLatin is optional (SPEC §5.1): last on the person lines that have it.
            var expected = type == "person" && line.TryGetProperty("nameLatin", out _) ? [.. Fields[type], "nameLatin"] : Fields[type];
            line.EnumerateObject().Select(p => p.Name).Should().Equal(expected, because: line.GetRawText());
            foreach (var property in line.EnumerateObject())
            {
                var expectedKind = property.Name == "staysDays" ? JsonValueKind.Number : JsonValueKind.String;
                property.Value.ValueKind.Should().Be(expectedKind, because: $"{property.Name} in {line.GetRawText()}");
            }
        }
    }

    [Fact]
    public void All_six_line_types_are_present()
    {
        population.Parsed.Select(l => l.GetProperty("type").GetString()).Distinct().Should().BeEquivalentTo(Fields.Keys);
    }

    [Fact]
    public void Dates_and_times_have_the_spec_formats()
    {
        foreach (var line in population.Parsed)
        {
            foreach (var property in line.EnumerateObject())
            {
                if (property.Name is "birthDate" or "issuedOn" or "expiresOn" or "validFrom" or "validUntil")
                {
                    DateOnly.TryParseExact(property.Value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                        .Should().BeTrue(line.GetRawText());
                }
                else if (property.Name == "at")
                {
                    property.Value.GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$");
                }
            }
        }
    }

    [Fact]
    public void Every_id_number_is_a_valid_gb_11643_number_that_agrees_with_sex_and_birth_date()
    {
        var people = population.Of<PersonLine>().ToList();
        people.Select(p => p.IdNumber).Should().OnlyHaveUniqueItems();
        foreach (var person in people)
        {
            ResidentIdNumber.TryParse(person.IdNumber, Today, out var id).Should().BeTrue(person.IdNumber);
            id.BirthDate.Should().Be(person.BirthDate);
            id.Sex.Code().Should().Be(person.Sex);
            PersonName.TryParse(person.Name, out var name).Should().BeTrue(person.Name);
            name.Value.Should().Be(person.Name, "names are already normalised");
        }

        var ids = people.Select(p => p.IdNumber).ToHashSet();
        population.Of<DocumentLine>().Select(d => d.IdNumber).Should().OnlyContain(id => ids.Contains(id));
        population.Of<CrossingLine>().Select(d => d.IdNumber).Distinct().Should().OnlyContain(id => ids.Contains(id));
        population.Of<IssuanceLine>().Select(d => d.IdNumber).Should().OnlyContain(id => ids.Contains(id));
    }

    [Fact]
    public void Most_people_have_a_passport_spelling_that_the_import_accepts()
    {
        var people = population.Of<PersonLine>().ToList();
        var spelled = people.Where(p => p.NameLatin is not null).ToList();
        spelled.Count.Should().BeGreaterThan(people.Count / 2, "most people have their passport spelling on record");
        spelled.Count.Should().BeLessThan(people.Count, "some have none, and the e-file must do without it");
        foreach (var person in spelled)
        {
            LatinName.TryParse(person.NameLatin, out var latin).Should().BeTrue(person.NameLatin);
            latin.Value.Should().Be(person.NameLatin);
        }

        people.Single(p => p.IdNumber == DemoIdentities.CommuterIdNumber).NameLatin.Should().Be("CHEN ZHIMING");
    }

    [Fact]
    public void Every_crossing_is_at_a_port_with_an_official_english_name()
    {
        foreach (var port in population.Of<CrossingLine>().Select(c => c.Port).Distinct())
        {
            PortNames.IsKnown(port).Should().BeTrue(port);
        }
    }

    [Fact]
    public void The_well_known_identities_are_valid()
    {
        foreach (var identity in DemoIdentities.All)
        {
            ResidentIdNumber.TryParse(identity.IdNumber, Today, out var id).Should().BeTrue(identity.IdNumber);
            id.BirthDate.Should().Be(identity.BirthDate);
            id.Sex.Code().Should().Be(identity.Sex);
            DemoPopulation.IdNumberFor(identity.IdNumber[..6], identity.BirthDate, int.Parse(identity.IdNumber[14..17], CultureInfo.InvariantCulture))
                .Should().Be(identity.IdNumber);
        }
    }

    [Fact]
    public void There_are_about_twenty_ordinary_travellers_besides_the_well_known_people()
    {
        population.Of<PersonLine>().Should().HaveCount(DemoPopulation.OrdinaryTravellerCount + DemoIdentities.All.Count);
        DemoPopulation.OrdinaryTravellerCount.Should().BeInRange(18, 25);
    }

    [Fact]
    public void The_commuter_crosses_at_least_7300_times_in_the_last_ten_years_at_shenzhen_ports()
    {
        var crossings = population.CrossingsOf(DemoIdentities.CommuterIdNumber).ToList();
        var tenYearsAgo = Today.AddYears(-10);
        crossings.Count(c => DateOnly.FromDateTime(c.At.DateTime) >= tenYearsAgo).Should().BeGreaterThanOrEqualTo(7_300);
        crossings.Should().Contain(c => DateOnly.FromDateTime(c.At.DateTime) < tenYearsAgo, "some records lie beyond the ten-year online limit");

        var permitCrossings = crossings.Where(c => c.DocumentKind == "hk_macau_permit").ToList();
        permitCrossings.Select(c => c.Port).Distinct().Should().BeEquivalentTo(["福田", "罗湖", "深圳湾"]);
        permitCrossings.Should().OnlyContain(c => c.FlightNumber == "");
        permitCrossings.Select(c => c.DocumentNumber).Distinct().Should().HaveCountGreaterThanOrEqualTo(3, "the permit is renewed every few years");

        // Mostly out in the morning on a workday and back in the evening.
        var workdayExits = permitCrossings.Where(c => c.Direction == "exit" && c.At.DayOfWeek is not DayOfWeek.Sunday).ToList();
        workdayExits.Count(c => c.At.Hour < 9).Should().BeGreaterThan(workdayExits.Count * 3 / 4);
        var workdayEntries = permitCrossings.Where(c => c.Direction == "entry" && c.At.DayOfWeek is not DayOfWeek.Sunday).ToList();
        workdayEntries.Count(c => c.At.Hour >= 18).Should().BeGreaterThan(workdayEntries.Count * 3 / 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(987654321)]
    public void The_commuter_threshold_holds_for_other_seeds_and_days(int seed)
    {
        var today = new DateOnly(2020, 1, 1).AddDays(seed % 2000);
        var crossings = DemoPopulation.Generate(seed, today).OfType<CrossingLine>().Where(c => c.IdNumber == DemoIdentities.CommuterIdNumber);
        crossings.Count(c => DateOnly.FromDateTime(c.At.DateTime) >= today.AddYears(-10)).Should().BeGreaterThanOrEqualTo(7_300);
    }

    [Fact]
    public void Everyones_crossings_alternate_exit_and_entry_starting_with_an_exit_and_are_in_the_past()
    {
        foreach (var person in population.Of<CrossingLine>().GroupBy(c => c.IdNumber))
        {
            var ordered = person.ToList();
            ordered.Should().BeInAscendingOrder(c => c.At, "each person's crossings are written oldest first");
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].Direction.Should().Be(i % 2 == 0 ? "exit" : "entry", $"crossing {i} of {person.Key[..6]}… at {ordered[i].At:O}");
            }

            ordered.Count.Should().Be(ordered.Count / 2 * 2, "every trip comes back");
            ordered[^1].At.Should().BeBefore(new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)));
        }
    }

    [Fact]
    public void Ports_and_flight_numbers_are_realistic()
    {
        var flight = FlightNumber();
        foreach (var crossing in population.Of<CrossingLine>())
        {
            crossing.At.Offset.Should().Be(TimeSpan.FromHours(8));
            if (Airports.Contains(crossing.Port))
            {
                crossing.FlightNumber.Should().MatchRegex(flight.ToString());
                crossing.DocumentKind.Should().BeOneOf("passport", "taiwan_permit");
            }
            else
            {
                LandPorts.Should().Contain(crossing.Port);
                crossing.FlightNumber.Should().BeEmpty();
                crossing.DocumentKind.Should().Be("hk_macau_permit");
            }
        }

        population.Of<CrossingLine>().Select(c => c.Port).Distinct().Should().Contain(Airports).And.Contain(["罗湖", "深圳湾", "福田"]);
    }

    [Fact]
    public void Crossings_endorsements_and_issuances_refer_to_the_persons_own_documents_in_their_validity()
    {
        var documents = population.Of<DocumentLine>().ToDictionary(d => d.Number);
        documents.Values.Select(d => d.Kind).Distinct().Should().BeEquivalentTo(["passport", "hk_macau_permit", "taiwan_permit"]);
        documents.Values.Select(d => d.Status).Distinct().Should().BeEquivalentTo(["valid", "expired", "void", "reported_lost"]);
        documents.Values.Should().OnlyContain(d => d.IssuedOn < d.ExpiresOn);
        documents.Values.Where(d => d.Status is "valid" or "expired").Should().OnlyContain(d => (d.Status == "expired") == (d.ExpiresOn < Today), "void and reported_lost stay so after expiry");

        foreach (var crossing in population.Of<CrossingLine>())
        {
            var document = documents[crossing.DocumentNumber];
            document.IdNumber.Should().Be(crossing.IdNumber);
            document.Kind.Should().Be(crossing.DocumentKind);
            DateOnly.FromDateTime(crossing.At.DateTime).Should().BeOnOrAfter(document.IssuedOn).And.BeOnOrBefore(document.ExpiresOn);
        }

        foreach (var endorsement in population.Of<EndorsementLine>())
        {
            var document = documents[endorsement.DocumentNumber];
            document.Kind.Should().NotBe("passport");
            endorsement.Destination.Should().Be(document.Kind == "taiwan_permit" ? "台湾" : endorsement.Destination).And.BeOneOf("香港", "澳门", "台湾");
            endorsement.EndorsementType.Should().BeOneOf("G", "L", "T", "S", "D", "Q");
            endorsement.Entries.Should().BeOneOf("single", "double", "multiple");
            endorsement.ValidFrom.Should().BeOnOrAfter(document.IssuedOn).And.BeOnOrBefore(endorsement.ValidUntil);
            endorsement.ValidUntil.Should().BeOnOrBefore(document.ExpiresOn);
            endorsement.StaysDays.Should().BePositive();
        }

        var passports = documents.Values.Where(d => d.Kind == "passport").ToList();
        population.Of<IssuanceLine>().Select(i => (i.IdNumber, i.PassportNumber, i.IssuedOn, i.ExpiresOn, i.Status))
            .Should().BeEquivalentTo(passports.Select(p => (p.IdNumber, p.Number, p.IssuedOn, p.ExpiresOn, p.Status)));
        population.Of<IssuanceLine>().Should().OnlyContain(i => i.IssuingAuthority.EndsWith("公安局出入境管理局", StringComparison.Ordinal));
    }

    [Fact]
    public void Document_numbers_follow_the_real_series_and_are_unique()
    {
        var documents = population.Of<DocumentLine>().ToList();
        documents.Select(d => d.Number).Should().OnlyHaveUniqueItems();
        documents.Where(d => d.Kind == "passport").Should().OnlyContain(d => PassportNumber().IsMatch(d.Number));
        documents.Where(d => d.Kind == "hk_macau_permit").Should().OnlyContain(d => Regex.IsMatch(d.Number, "^[CW][0-9]{8}$"));
        documents.Where(d => d.Kind == "taiwan_permit").Should().OnlyContain(d => Regex.IsMatch(d.Number, "^[LT][0-9]{8}$"));
    }

    [Fact]
    public void The_special_people_are_present()
    {
        var people = population.Of<PersonLine>().ToDictionary(p => p.IdNumber);

        var separator = people[DemoIdentities.SeparatorIdNumber];
        separator.Name.Should().Be("买买提·艾力").And.Contain("\u00B7");
        population.CrossingsOf(separator.IdNumber).Should().NotBeEmpty();

        var noCrossings = people[DemoIdentities.NoCrossingsIdNumber];
        population.CrossingsOf(noCrossings.IdNumber).Should().BeEmpty();
        population.Of<DocumentLine>().Should().Contain(d => d.IdNumber == noCrossings.IdNumber && d.Status == "valid");
        population.Of<IssuanceLine>().Count(i => i.IdNumber == noCrossings.IdNumber).Should().Be(2);

        people[DemoIdentities.HongKongResidentIdNumber].Residency.Should().Be("hong_kong");
        people.Values.Count(p => p.Residency != "mainland").Should().Be(1);

        var nonBmp = people[DemoIdentities.NonBmpIdNumber];
        nonBmp.Name.EnumerateRunes().Should().Contain(r => r.Value > 0xFFFF);
        population.Ndjson.Should().Contain("\"name\":\"吴\\uD842\\uDFB7祥\"", "the JSON escapes the surrogate pair, which any parser reads back");
        population.Parsed.Should().Contain(l => l.GetProperty("type").GetString() == "person" && l.GetProperty("name").GetString() == "吴𠮷祥");

        people[DemoIdentities.CommuterIdNumber].Name.Should().Be(DemoIdentities.CommuterName);
    }

    [Fact]
    public void Cores_import_parser_accepts_every_line_of_the_types_it_knows()
    {
        var refused = population.Ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select((line, index) => (Line: index + 1, Result: Core.Import.ImportLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), Today)))
            .Where(x => x.Result is Core.Import.ImportLine.Rejected { Code: not "unsupported_type" })
            .Select(x => $"line {x.Line}: {((Core.Import.ImportLine.Rejected)x.Result).Code}")
            .ToList();
        refused.Should().BeEmpty();
    }

    [GeneratedRegex("^(G[0-9]{8}|E[0-9]{8}|E[A-H][0-9]{7})$")]
    private static partial Regex PassportNumber();

    [GeneratedRegex("^(CA|MU|CZ)[0-9]{3,4}$")]
    private static partial Regex FlightNumber();
}
