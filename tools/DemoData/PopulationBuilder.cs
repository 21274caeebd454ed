using System.Globalization;

namespace EntryExit.DemoData;

/// <summary>Builds one population; every random choice goes through one <see cref="DeterministicRandom"/> in a fixed order.</summary>
internal sealed class PopulationBuilder(int seed, DateOnly today)
{
    private const string Passport = "passport";
    private const string HkMacauPermit = "hk_macau_permit";
    private const string TaiwanPermit = "taiwan_permit";

    private const string Capital = "首都国际机场";
    private const string Pudong = "浦东国际机场";
    private const string Baiyun = "白云国际机场";

    private static readonly DateOnly NationalImmigrationAdministrationFounded = new(2018, 4, 2);

    private static readonly Region[] Regions =
    [
        new("440304", "广东", "深圳市", Baiyun),
        new("440303", "广东", "深圳市", Baiyun),
        new("440305", "广东", "深圳市", Baiyun),
        new("440106", "广东", "广州市", Baiyun),
        new("440402", "广东", "珠海市", Baiyun),
        new("110105", "北京", "北京市", Capital),
        new("110108", "北京", "北京市", Capital),
        new("310115", "上海", "上海市", Pudong),
        new("310104", "上海", "上海市", Pudong),
        new("330106", "浙江", "杭州市", Pudong),
        new("320102", "江苏", "南京市", Pudong),
        new("510107", "四川", "成都市", Capital),
        new("420106", "湖北", "武汉市", Baiyun),
        new("650102", "新疆", "乌鲁木齐市", Capital),
    ];

    private static readonly Dictionary<string, Flight[]> Flights = new(StringComparer.Ordinal)
    {
        [Capital] = [new("CA925", "CA926"), new("CA937", "CA938"), new("CA981", "CA982"), new("CA975", "CA976"), new("CA123", "CA124")],
        [Pudong] = [new("MU523", "MU524"), new("MU551", "MU552"), new("MU587", "MU588"), new("MU543", "MU544"), new("MU209", "MU210")],
        [Baiyun] = [new("CZ385", "CZ386"), new("CZ347", "CZ348"), new("CZ303", "CZ304"), new("CZ3039", "CZ3040"), new("CZ327", "CZ328")],
    };

    private static readonly Dictionary<string, Flight> TaiwanFlights = new(StringComparer.Ordinal)
    {
        [Capital] = new("CA185", "CA186"),
        [Pudong] = new("MU5005", "MU5006"),
        [Baiyun] = new("CZ3095", "CZ3096"),
    };

    private static readonly string[] HongKongPorts = ["罗湖", "深圳湾", "福田", "皇岗", "港珠澳大桥"];
    private static readonly string[] MacauPorts = ["拱北", "港珠澳大桥"];

    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    ];

    private static readonly string[] MaleGivenNames =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "斌", "超", "建国", "志强", "俊杰", "浩然", "子轩", "宇航", "文博", "国栋",
    ];

    private static readonly string[] FemaleGivenNames =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "婷", "雪", "琳", "晓燕", "丽娟", "欣怡", "雨涵", "思琪", "梦瑶", "佳怡", "海燕", "秀兰",
    ];

    /// <summary>Hanyu Pinyin of the name parts above, as passports spell them.</summary>
    private static readonly Dictionary<string, string> Pinyin = new(StringComparer.Ordinal)
    {
        ["王"] = "WANG", ["李"] = "LI", ["张"] = "ZHANG", ["刘"] = "LIU", ["陈"] = "CHEN", ["杨"] = "YANG", ["黄"] = "HUANG", ["赵"] = "ZHAO",
        ["周"] = "ZHOU", ["吴"] = "WU", ["徐"] = "XU", ["孙"] = "SUN", ["马"] = "MA", ["朱"] = "ZHU", ["胡"] = "HU", ["郭"] = "GUO",
        ["何"] = "HE", ["林"] = "LIN", ["高"] = "GAO", ["罗"] = "LUO", ["郑"] = "ZHENG", ["梁"] = "LIANG", ["谢"] = "XIE", ["宋"] = "SONG",
        ["唐"] = "TANG", ["许"] = "XU", ["韩"] = "HAN", ["冯"] = "FENG", ["邓"] = "DENG", ["曹"] = "CAO",
        ["伟"] = "WEI", ["强"] = "QIANG", ["磊"] = "LEI", ["军"] = "JUN", ["洋"] = "YANG", ["勇"] = "YONG", ["杰"] = "JIE", ["涛"] = "TAO",
        ["斌"] = "BIN", ["超"] = "CHAO", ["建国"] = "JIANGUO", ["志强"] = "ZHIQIANG", ["俊杰"] = "JUNJIE", ["浩然"] = "HAORAN",
        ["子轩"] = "ZIXUAN", ["宇航"] = "YUHANG", ["文博"] = "WENBO", ["国栋"] = "GUODONG",
        ["芳"] = "FANG", ["娜"] = "NA", ["敏"] = "MIN", ["静"] = "JING", ["丽"] = "LI", ["艳"] = "YAN", ["婷"] = "TING", ["雪"] = "XUE",
        ["琳"] = "LIN", ["晓燕"] = "XIAOYAN", ["丽娟"] = "LIJUAN", ["欣怡"] = "XINYI", ["雨涵"] = "YUHAN", ["思琪"] = "SIQI",
        ["梦瑶"] = "MENGYAO", ["佳怡"] = "JIAYI", ["海燕"] = "HAIYAN", ["秀兰"] = "XIULAN",
    };

    private readonly DeterministicRandom _random = new(seed);
    private readonly DateOnly _today = today;
    private readonly DateOnly _lastCrossingDay = today.AddDays(-1);
    private readonly HashSet<string> _idNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _documentNumbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private readonly List<ImportLine> _people = [];
    private readonly List<ImportLine> _photos = [];
    private readonly List<ImportLine> _documents = [];
    private readonly List<ImportLine> _endorsements = [];
    private readonly List<ImportLine> _issuances = [];
    private readonly List<ImportLine> _crossings = [];

    public IReadOnlyList<ImportLine> Build()
    {
        foreach (var identity in DemoIdentities.All)
        {
            _idNumbers.Add(identity.IdNumber);
            _names.Add(identity.Name);
        }

        AddCommuter();
        AddSeparatorNamePerson();
        AddNoCrossingsPerson();
        AddHongKongResident();
        AddNonBmpNamePerson();
        for (var i = 0; i < DemoPopulation.OrdinaryTravellerCount; i++)
        {
            AddOrdinaryTraveller(reportedLostPassport: i == 3);
        }

        // Last, so that everyone before draws the same random numbers as before this person existed.
        AddNoPhotoPerson();
        return [.. _people, .. _photos, .. _documents, .. _endorsements, .. _issuances, .. _crossings];
    }

    // ---- the well-known people ----

    private void AddCommuter()
    {
        var person = AddPerson(DemoIdentities.Commuter, "mainland");
        var region = RegionOf(person.IdNumber);
        var start = _today.AddYears(-10).AddDays(-90);

        // A Hong Kong/Macau permit renewed every three years or so: the older ones void, the second one reported lost.
        var permits = new List<Document>();
        var issued = start.AddDays(-_random.Next(20, 60));
        while (issued <= _lastCrossingDay)
        {
            permits.Add(NewDocument(HkMacauPermit, issued, issued.AddYears(10).AddDays(-1)));
            issued = issued.AddYears(3).AddDays(_random.Next(-45, 46));
        }

        for (var i = 0; i < permits.Count; i++)
        {
            var last = i == permits.Count - 1;
            var permit = permits[i] with
            {
                UsableUntil = last ? permits[i].ExpiresOn : permits[i + 1].IssuedOn.AddDays(-1),
                Status = last ? StatusOn(permits[i].ExpiresOn) : i == 1 ? "reported_lost" : "void",
            };
            permits[i] = permit;
            AddDocumentLine(person, region, permit);

            // Yearly multiple-entry business endorsements for Hong Kong while this permit was in use.
            for (var from = permit.IssuedOn; from <= permit.UsableUntil && from <= _today; from = from.AddYears(1))
            {
                var until = Min(from.AddYears(1).AddDays(-1), permit.ExpiresOn);
                _endorsements.Add(new EndorsementLine(permit.Number, "香港", "S", "multiple", from, until, 7));
            }
        }

        var passport = NewDocument(Passport, start.AddDays(_random.Next(100, 300)), default);
        passport = passport with { ExpiresOn = passport.IssuedOn.AddYears(10).AddDays(-1) };
        passport = passport with { UsableUntil = passport.ExpiresOn, Status = StatusOn(passport.ExpiresOn) };
        AddDocumentLine(person, region, passport);
        AddIssuance(person, region, passport);

        // Holidays: a week around the Spring Festival each year (abroad by air in even years), and some Golden Weeks.
        var holidays = new List<(DateOnly From, DateOnly To, bool Abroad)>();
        for (var year = start.Year; year <= _today.Year; year++)
        {
            var springFestival = new DateOnly(year, 1, 22).AddDays(_random.Next(0, 20));
            holidays.Add((springFestival, springFestival.AddDays(6), year % 2 == 0));
            if (_random.Chance(0.3))
            {
                holidays.Add((new DateOnly(year, 10, 1), new DateOnly(year, 10, 7), false));
            }
        }

        var morningPorts = new[] { "福田", "福田", "福田", "福田", "福田", "罗湖", "罗湖", "罗湖", "深圳湾", "深圳湾" };
        for (var day = start; day <= _lastCrossingDay; day = day.AddDays(1))
        {
            var holiday = holidays.FindIndex(h => day >= h.From && day <= h.To);
            if (holiday >= 0)
            {
                var (from, to, abroad) = holidays[holiday];
                if (abroad && day == from && to <= _lastCrossingDay && passport.IsUsableOn(from) && passport.IsUsableOn(to))
                {
                    var flight = _random.Pick(Flights[Baiyun]);
                    AddCrossing(person, passport, "exit", from, _random.NextTime(new(9, 0), new(14, 0)), Baiyun, flight.Outbound);
                    AddCrossing(person, passport, "entry", to, _random.NextTime(new(15, 0), new(22, 30)), Baiyun, flight.Return);
                }

                continue;
            }

            if (_random.Chance(0.01))
            {
                continue; // ill, or working from home
            }

            var permit = permits.Last(p => p.IssuedOn <= day);
            if (day.DayOfWeek == DayOfWeek.Sunday)
            {
                if (_random.Chance(0.6))
                {
                    var port = _random.Pick(morningPorts);
                    AddCrossing(person, permit, "exit", day, _random.NextTime(new(9, 30), new(12, 0)), port, "");
                    AddCrossing(person, permit, "entry", day, _random.NextTime(new(16, 0), new(20, 0)), _random.Chance(0.8) ? port : _random.Pick(morningPorts), "");
                }

                continue;
            }

            var morning = _random.Pick(morningPorts);
            AddCrossing(person, permit, "exit", day, _random.NextTime(new(7, 0), new(8, 45)), morning, "");
            if (_random.Chance(0.2))
            {
                // Back to Shenzhen for lunch.
                AddCrossing(person, permit, "entry", day, _random.NextTime(new(12, 0), new(12, 40)), morning, "");
                AddCrossing(person, permit, "exit", day, _random.NextTime(new(13, 0), new(13, 40)), morning, "");
            }

            AddCrossing(person, permit, "entry", day, _random.NextTime(new(18, 15), new(21, 45)), _random.Chance(0.7) ? morning : _random.Pick(morningPorts), "");
        }

        var tenYearsAgo = _today.AddYears(-10);
        var inTenYears = _crossings.OfType<CrossingLine>()
            .Count(c => c.IdNumber == person.IdNumber && DateOnly.FromDateTime(c.At.DateTime) >= tenYearsAgo);
        if (inTenYears < DemoPopulation.CommuterMinimumCrossingsInTenYears)
        {
            throw new InvalidOperationException($"The commuter has only {inTenYears} crossings in ten years for this seed.");
        }
    }

    private void AddSeparatorNamePerson()
    {
        var person = AddPerson(DemoIdentities.Separator, "mainland");
        var region = RegionOf(person.IdNumber);
        var passport = ValidDocument(Passport, _random.NextDate(_today.AddYears(-5), _today.AddYears(-3)), 10);
        var permit = ValidDocument(HkMacauPermit, _random.NextDate(_today.AddYears(-3), _today.AddYears(-2)), 10);
        AddTraveller(person, region, [passport, permit], _random.Next(3, 6));
    }

    private void AddNoCrossingsPerson()
    {
        var person = AddPerson(DemoIdentities.NoCrossings, "mainland");
        var region = RegionOf(person.IdNumber);
        var old = NewDocument(Passport, _random.NextDate(_today.AddYears(-13), _today.AddYears(-11)), default);
        old = old with { ExpiresOn = old.IssuedOn.AddYears(10).AddDays(-1) };
        old = old with { UsableUntil = old.ExpiresOn, Status = StatusOn(old.ExpiresOn) };
        var current = ValidDocument(Passport, _random.NextDate(_today.AddYears(-2), _today.AddYears(-1)), 10);
        foreach (var passport in new[] { old, current })
        {
            AddDocumentLine(person, region, passport);
            AddIssuance(person, region, passport);
        }
    }

    private void AddHongKongResident() => AddPerson(DemoIdentities.HongKongResident, "hong_kong");

    private void AddNoPhotoPerson()
    {
        var person = AddPerson(DemoIdentities.NoPhoto, "mainland");
        var region = RegionOf(person.IdNumber);
        var passport = ValidDocument(Passport, _random.NextDate(_today.AddYears(-5), _today.AddYears(-3)), 10);
        AddTraveller(person, region, [passport], _random.Next(1, 4));
    }

    private void AddNonBmpNamePerson()
    {
        var person = AddPerson(DemoIdentities.NonBmp, "mainland");
        var region = RegionOf(person.IdNumber);
        var passport = ValidDocument(Passport, _random.NextDate(_today.AddYears(-6), _today.AddYears(-4)), 10);
        var permit = ValidDocument(TaiwanPermit, _random.NextDate(_today.AddYears(-4), _today.AddYears(-2)), 10);
        AddTraveller(person, region, [passport, permit], _random.Next(3, 7));
    }

    // ---- ordinary travellers ----

    private void AddOrdinaryTraveller(bool reportedLostPassport)
    {
        var sex = _random.Chance(0.5) ? "M" : "F";
        var region = _random.Pick(Regions);
        var birthDate = _random.NextDate(new DateOnly(1950, 1, 1), _today.AddYears(-22));
        var idNumber = NewIdNumber(region.Code, birthDate, sex);
        var (name, nameLatin) = NewName(sex);

        // Most records have the passport spelling; every fifth does not (no random draw, so the rest stays as it was).
        var person = new PersonLine(idNumber, name, sex, birthDate, "mainland", _people.Count % 5 == 4 ? null : nameLatin);
        _people.Add(person);
        AddPhoto(idNumber);

        var adult = birthDate.AddYears(16);
        var documents = new List<Document>();

        var currentIssued = _random.NextDate(Max(adult, _today.AddYears(-9)), _today.AddDays(-30));
        if (reportedLostPassport)
        {
            // Reported lost a year or more after it was issued; the replacement came a month later.
            var lostIssued = currentIssued.AddDays(-_random.Next(400, 1500));
            if (lostIssued >= adult)
            {
                var lost = NewDocument(Passport, lostIssued, lostIssued.AddYears(10).AddDays(-1));
                documents.Add(lost with { UsableUntil = currentIssued.AddDays(-31), Status = "reported_lost" });
            }
        }
        else if (_random.Chance(0.45))
        {
            var previousIssued = currentIssued.AddYears(-10).AddDays(_random.Next(-60, 200));
            if (previousIssued >= adult)
            {
                var previous = NewDocument(Passport, previousIssued, previousIssued.AddYears(10).AddDays(-1));
                var renewedEarly = previous.ExpiresOn >= currentIssued;
                documents.Add(previous with
                {
                    UsableUntil = Min(previous.ExpiresOn, currentIssued.AddDays(-1)),
                    Status = renewedEarly ? "void" : "expired",
                });
            }
        }

        documents.Add(ValidDocument(Passport, currentIssued, 10));
        if (_random.Chance(0.6))
        {
            documents.Add(ValidDocument(HkMacauPermit, _random.NextDate(Max(adult, _today.AddYears(-9)), _today.AddDays(-60)), 10));
        }

        if (_random.Chance(0.2))
        {
            documents.Add(ValidDocument(TaiwanPermit, _random.NextDate(Max(adult, _today.AddYears(-8)), _today.AddDays(-60)), 10));
        }

        AddTraveller(person, region, documents, _random.Next(2, 9));
    }

    /// <summary>Document and issuance lines, then up to <paramref name="tripCount"/> trips that never overlap, oldest first.</summary>
    private void AddTraveller(PersonLine person, Region region, List<Document> documents, int tripCount)
    {
        foreach (var document in documents)
        {
            AddDocumentLine(person, region, document);
            if (document.Kind == Passport)
            {
                AddIssuance(person, region, document);
            }
        }

        var earliest = documents.Min(d => d.IssuedOn);
        if (earliest >= _lastCrossingDay.AddDays(-2))
        {
            return;
        }

        var starts = Enumerable.Range(0, tripCount)
            .Select(_ => _random.NextDate(earliest, _lastCrossingDay.AddDays(-1)))
            .Order()
            .ToList();
        var free = DateOnly.MinValue;
        foreach (var start in starts)
        {
            var usable = documents.Where(d => d.IsUsableOn(start)).ToList();
            if (start < free || usable.Count == 0)
            {
                continue;
            }

            var document = _random.Pick(usable);
            var end = document.Kind switch
            {
                Passport => start.AddDays(_random.Next(3, 15)),
                TaiwanPermit => start.AddDays(_random.Next(4, 12)),
                _ => start.AddDays(_random.Next(0, 4)),
            };
            end = Min(end, Min(document.UsableUntil, _lastCrossingDay));
            if (end < start)
            {
                continue;
            }

            AddTrip(person, region, document, start, end);
            free = end.AddDays(1);
        }
    }

    private void AddTrip(PersonLine person, Region region, Document document, DateOnly start, DateOnly end)
    {
        var sameDay = start == end;
        switch (document.Kind)
        {
            case Passport:
            {
                var airport = _random.Chance(0.8) ? region.HomeAirport : _random.Pick(Flights.Keys.Order(StringComparer.Ordinal).ToList());
                var flight = _random.Pick(Flights[airport]);
                AddCrossing(person, document, "exit", start, _random.NextTime(new(8, 0), new(23, 0)), airport, flight.Outbound);
                AddCrossing(person, document, "entry", end, _random.NextTime(new(6, 0), new(22, 0)), airport, flight.Return);
                break;
            }

            case TaiwanPermit:
            {
                var flight = TaiwanFlights[region.HomeAirport];
                var validFrom = Max(document.IssuedOn, start.AddDays(-_random.Next(5, 60)));
                AddEndorsement(document, "台湾", "G", "single", validFrom, validFrom.AddMonths(6).AddDays(-1), 15);
                AddCrossing(person, document, "exit", start, _random.NextTime(new(8, 0), new(16, 0)), region.HomeAirport, flight.Outbound);
                AddCrossing(person, document, "entry", end, _random.NextTime(new(12, 0), new(22, 0)), region.HomeAirport, flight.Return);
                break;
            }

            default:
            {
                var toMacau = _random.Chance(0.3);
                var ports = toMacau ? MacauPorts : HongKongPorts;
                var exitPort = _random.Pick(ports);
                var entryPort = _random.Chance(0.7) ? exitPort : _random.Pick(ports);
                var (type, months, stays) = _random.Next(0, 20) switch
                {
                    < 12 => ("G", 3, 7),
                    < 15 => ("L", 3, 7),
                    < 18 => ("T", 3, 14),
                    _ => ("S", 12, 7),
                };
                var entries = type == "S" ? "multiple" : _random.Chance(0.65) ? "single" : "double";
                var validFrom = Max(document.IssuedOn, start.AddDays(-_random.Next(3, 60)));
                AddEndorsement(document, toMacau ? "澳门" : "香港", type, entries, validFrom, validFrom.AddMonths(months).AddDays(-1), stays);
                var exitAt = sameDay ? _random.NextTime(new(8, 0), new(12, 0)) : _random.NextTime(new(8, 0), new(18, 0));
                var entryAt = sameDay ? _random.NextTime(new(15, 0), new(22, 30)) : _random.NextTime(new(9, 0), new(22, 30));
                AddCrossing(person, document, "exit", start, exitAt, exitPort, "");
                AddCrossing(person, document, "entry", end, entryAt, entryPort, "");
                break;
            }
        }
    }

    // ---- lines ----

    private PersonLine AddPerson(DemoIdentity identity, string residency)
    {
        var person = new PersonLine(identity.IdNumber, identity.Name, identity.Sex, identity.BirthDate, residency, identity.NameLatin);
        _people.Add(person);
        if (DemoIdentities.HasPhoto(identity.IdNumber))
        {
            AddPhoto(identity.IdNumber);
        }

        return person;
    }

    /// <summary>The person's synthetic reference photo; drawn from the ID number, so it takes nothing from the random sequence.</summary>
    private void AddPhoto(string idNumber) => _photos.Add(new PhotoLine(idNumber, "image/png", SyntheticFaces.Png(idNumber)));

    private void AddDocumentLine(PersonLine person, Region region, Document document)
    {
        var authority = document.IssuedOn >= NationalImmigrationAdministrationFounded ? "国家移民管理局" : "公安部出入境管理局";
        _documents.Add(new DocumentLine(person.IdNumber, document.Kind, document.Number, document.Status, document.IssuedOn, document.ExpiresOn, authority, region.Province));
    }

    private void AddIssuance(PersonLine person, Region region, Document passport) =>
        _issuances.Add(new IssuanceLine(person.IdNumber, passport.Number, passport.IssuedOn, passport.ExpiresOn, region.City + "公安局出入境管理局", passport.Status));

    private void AddEndorsement(Document document, string destination, string type, string entries, DateOnly validFrom, DateOnly validUntil, int staysDays) =>
        _endorsements.Add(new EndorsementLine(document.Number, destination, type, entries, validFrom, Min(validUntil, document.ExpiresOn), staysDays));

    private void AddCrossing(PersonLine person, Document document, string direction, DateOnly day, TimeOnly time, string port, string flightNumber) =>
        _crossings.Add(new CrossingLine(person.IdNumber, document.Kind, document.Number, direction, new DateTimeOffset(day.ToDateTime(time), DemoPopulation.ChinaOffset), port, flightNumber));

    // ---- numbers and names ----

    private Document ValidDocument(string kind, DateOnly issuedOn, int years)
    {
        var expiresOn = issuedOn.AddYears(years).AddDays(-1);
        return NewDocument(kind, issuedOn, expiresOn) with { Status = StatusOn(expiresOn) };
    }

    private Document NewDocument(string kind, DateOnly issuedOn, DateOnly expiresOn)
    {
        // Real series: passports G (before 2012), E (2012–2016), EA, EB, … (2017 on); permits W then C (2014 card),
        // Taiwan permits T then L (2015 card). Nine characters each.
        var prefix = kind switch
        {
            Passport when issuedOn.Year < 2012 => "G",
            Passport when issuedOn.Year < 2017 => "E",
            Passport => "E" + (char)('A' + Math.Min(issuedOn.Year - 2017, 7)),
            HkMacauPermit => issuedOn.Year < 2014 ? "W" : "C",
            _ => issuedOn.Year < 2015 ? "T" : "L",
        };
        var digits = 9 - prefix.Length;
        var limit = (int)Math.Pow(10, digits);
        string number;
        do
        {
            number = prefix + _random.Next(limit / 10, limit).ToString(CultureInfo.InvariantCulture);
        }
        while (!_documentNumbers.Add(number));

        return new Document(kind, number, issuedOn, expiresOn, expiresOn, StatusOn(expiresOn));
    }

    private string NewIdNumber(string regionCode, DateOnly birthDate, string sex)
    {
        string idNumber;
        do
        {
            // Odd sequence for a man, even for a woman (never 000).
            var sequence = sex == "M" ? (_random.Next(0, 500) * 2) + 1 : _random.Next(1, 500) * 2;
            idNumber = DemoPopulation.IdNumberFor(regionCode, birthDate, sequence);
        }
        while (!_idNumbers.Add(idNumber));

        return idNumber;
    }

    private (string Name, string NameLatin) NewName(string sex)
    {
        string surname, given;
        do
        {
            surname = _random.Pick(Surnames);
            given = _random.Pick(sex == "M" ? MaleGivenNames : FemaleGivenNames);
        }
        while (!_names.Add(surname + given));

        return (surname + given, Pinyin[surname] + " " + Pinyin[given]);
    }

    private string StatusOn(DateOnly expiresOn) => expiresOn < _today ? "expired" : "valid";

    private static Region RegionOf(string idNumber) => Regions.First(r => idNumber.StartsWith(r.Code, StringComparison.Ordinal));

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private sealed record Region(string Code, string Province, string City, string HomeAirport);

    private sealed record Flight(string Outbound, string Return);

    /// <param name="UsableUntil">The last day it can be used to cross: expiry, or the day before its replacement.</param>
    private sealed record Document(string Kind, string Number, DateOnly IssuedOn, DateOnly ExpiresOn, DateOnly UsableUntil, string Status)
    {
        public bool IsUsableOn(DateOnly day) => day >= IssuedOn && day <= UsableUntil;
    }
}
