using System.Text;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Records;

namespace EntryExit.Core.Tests.Import;

public sealed class ImportLineParserTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static ImportLine Parse(string line) => ImportLineParser.Parse(Encoding.UTF8.GetBytes(line), Today);

    [Fact]
    public void A_person_line_of_the_spec_parses()
    {
        var line = Parse("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1949-12-31","residency":"mainland"}""");
        var person = line.Should().BeOfType<ImportLine.PersonLine>().Subject.Person;
        person.Name.Value.Should().Be("张三");
        person.Sex.Should().Be(Sex.Female);
        person.Residency.Should().Be(Residency.Mainland);
    }

    [Fact]
    public void A_person_line_may_carry_the_passport_spelling_of_the_name()
    {
        var line = Parse("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1949-12-31","residency":"mainland","nameLatin":"ZHANG SAN"}""");
        line.Should().BeOfType<ImportLine.PersonLine>().Which.Person.NameLatin!.Value.Should().Be("ZHANG SAN");

        var without = Parse("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1949-12-31"}""");
        without.Should().BeOfType<ImportLine.PersonLine>().Which.Person.NameLatin.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"type":"person","idNumber":"11010519491231002X","name":"张\uDFFF","sex":"F","birthDate":"1949-12-31"}""", "invalid_name")]
    [InlineData("""{"type":"issuance","idNumber":"11010519491231002X","passportNumber":"E12345678","issuedOn":"2020-01-01","expiresOn":"2030-01-01","issuingAuthority":"\uDFFF","status":"valid"}""", "invalid_issuer")]
    [InlineData("""{"type":"issuance","idNumber":"\uD800","passportNumber":"E12345678"}""", "invalid_id_number")]
    [InlineData("""{"type":"\uDFFF"}""", "missing_type")]
    public void A_lone_surrogate_escape_rejects_the_line_naming_the_field_instead_of_throwing(string line, string code) =>
        Parse(line).Should().Be(new ImportLine.Rejected(code));

    [Theory]
    [InlineData("ZHANG SAN", "ZHANG SAN")]
    [InlineData(" maimaiti aili ", "MAIMAITI AILI")]
    [InlineData("ZHANG, SAN", "ZHANG, SAN")]
    [InlineData("O'NEILL-WU LI", "O'NEILL-WU LI")]
    public void Latin_names_are_passport_spellings_in_upper_case(string text, string expected)
    {
        LatinName.TryParse(text, out var name).Should().BeTrue();
        name.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData("张三")]
    [InlineData("ZHANG  SAN")]
    [InlineData("ZHANG -SAN")]
    [InlineData("-ZHANG")]
    [InlineData("ZHANG,SAN")]
    [InlineData("ZHANG1")]
    [InlineData("ZHÃNG SAN")]
    [InlineData("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCD")]
    public void A_person_line_with_a_malformed_latin_name_is_rejected_naming_the_field(string nameLatin)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(nameLatin);
        Parse($$"""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1949-12-31","nameLatin":{{json}}}""")
            .Should().Be(new ImportLine.Rejected("invalid_name_latin"));
    }

    [Fact]
    public void A_crossing_at_a_port_without_official_english_name_is_rejected()
    {
        Parse("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"passport","documentNumber":"C1","direction":"exit","at":"2023-02-01T08:15:00+08:00","port":"火星港"}""")
            .Should().Be(new ImportLine.Rejected("invalid_port"));
    }

    [Fact]
    public void A_crossing_line_of_the_spec_parses()
    {
        var line = Parse("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"hk_macau_permit","documentNumber":"C12345678","direction":"exit","at":"2023-02-01T08:15:00+08:00","port":"罗湖","flightNumber":""}""");
        var crossing = line.Should().BeOfType<ImportLine.CrossingLine>().Subject.Crossing;
        crossing.Should().Be(new Crossing(Direction.Exit, new DateTimeOffset(2023, 2, 1, 8, 15, 0, TimeSpan.FromHours(8)), DocumentKind.HkMacauPermit, "C12345678", "罗湖", ""));
    }

    [Fact]
    public void Document_endorsement_and_issuance_lines_of_the_spec_parse()
    {
        var document = Parse("""{"type":"document","idNumber":"11010519491231002X","kind":"passport","number":"E12345678","status":"valid","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"国家移民管理局","placeOfIssue":"北京"}""");
        document.Should().BeOfType<ImportLine.DocumentLine>().Which.Document.Should().Be(
            new EntryExit.Core.Documents.TravelDocument(DocumentKind.Passport, "E12345678", EntryExit.Core.Documents.DocumentStatus.Valid, new DateOnly(2019, 3, 1), new DateOnly(2029, 2, 28), "国家移民管理局", "北京"));

        var endorsement = Parse("""{"type":"endorsement","documentNumber":"C12345678","destination":"香港","endorsementType":"G","entries":"multiple","validFrom":"2024-01-01","validUntil":"2024-12-31","staysDays":7}""");
        var e = endorsement.Should().BeOfType<ImportLine.EndorsementLine>().Subject;
        e.DocumentNumber.Should().Be("C12345678");
        e.Endorsement.TypeName.Should().Be("个人旅游");
        e.Endorsement.EntriesName.Should().Be("多次");

        var issuance = Parse("""{"type":"issuance","idNumber":"11010519491231002X","passportNumber":"E12345678","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"北京市公安局出入境管理局","status":"valid"}""");
        issuance.Should().BeOfType<ImportLine.IssuanceLine>().Which.Issuance.PassportNumber.Should().Be("E12345678");
    }

    [Theory]
    [InlineData("""{"type":"document","idNumber":"11010519491231002X","kind":"passport","number":"E12345678","status":"stolen","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"a","placeOfIssue":"b"}""", "invalid_status")]
    [InlineData("""{"type":"document","idNumber":"11010519491231002X","kind":"passport","number":"E12345678","status":"valid","issuedOn":"2029-03-01","expiresOn":"2019-02-28","issuingAuthority":"a","placeOfIssue":"b"}""", "invalid_dates")]
    [InlineData("""{"type":"document","idNumber":"11010519491231002X","kind":"passport","number":"E-1","status":"valid","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"a","placeOfIssue":"b"}""", "invalid_document_number")]
    [InlineData("""{"type":"endorsement","documentNumber":"C1","destination":"东京","endorsementType":"G","entries":"multiple","validFrom":"2024-01-01","validUntil":"2024-12-31","staysDays":7}""", "invalid_destination")]
    [InlineData("""{"type":"endorsement","documentNumber":"C1","destination":"香港","endorsementType":"X","entries":"multiple","validFrom":"2024-01-01","validUntil":"2024-12-31","staysDays":7}""", "invalid_endorsement_type")]
    [InlineData("""{"type":"endorsement","documentNumber":"C1","destination":"香港","endorsementType":"G","entries":"many","validFrom":"2024-01-01","validUntil":"2024-12-31","staysDays":7}""", "invalid_entries")]
    [InlineData("""{"type":"endorsement","documentNumber":"C1","destination":"香港","endorsementType":"G","entries":"single","validFrom":"2024-01-01","validUntil":"2024-12-31","staysDays":0}""", "invalid_stays_days")]
    [InlineData("""{"type":"issuance","idNumber":"11010519491231002X","passportNumber":"E1","issuedOn":"2019-03-01","expiresOn":"2029-02-28","issuingAuthority":"","status":"valid"}""", "invalid_issuer")]
    public void Bad_document_lines_are_rejected_with_a_code(string line, string code) =>
        Parse(line).Should().Be(new ImportLine.Rejected(code));

    [Theory]
    [InlineData("not json", "invalid_json")]
    [InlineData("[1,2]", "invalid_json")]
    [InlineData("""{"idNumber":"11010519491231002X"}""", "missing_type")]
    [InlineData("""{"type":"visa"}""", "unsupported_type")]
    [InlineData("""{"type":"person","idNumber":"110105194912310021","name":"张三","sex":"F","birthDate":"1949-12-31"}""", "invalid_id_number")]
    [InlineData("""{"type":"person","idNumber":"11010519491231002X","name":"张3","sex":"F","birthDate":"1949-12-31"}""", "invalid_name")]
    [InlineData("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"M","birthDate":"1949-12-31"}""", "invalid_sex")]
    [InlineData("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1950-12-31"}""", "invalid_birth_date")]
    [InlineData("""{"type":"person","idNumber":"11010519491231002X","name":"张三","sex":"F","birthDate":"1949-12-31","residency":"mars"}""", "invalid_residency")]
    [InlineData("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"visa","documentNumber":"C1","direction":"exit","at":"2023-02-01T08:15:00+08:00","port":"罗湖"}""", "invalid_document_kind")]
    [InlineData("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"passport","documentNumber":"C1","direction":"out","at":"2023-02-01T08:15:00+08:00","port":"罗湖"}""", "invalid_direction")]
    [InlineData("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"passport","documentNumber":"C1","direction":"exit","at":"2023-02-01T08:15:00","port":"罗湖"}""", "invalid_at")]
    [InlineData("""{"type":"crossing","idNumber":"11010519491231002X","documentKind":"passport","documentNumber":"C1","direction":"exit","at":"2023-02-01T08:15:00+08:00","port":""}""", "invalid_port")]
    public void Bad_lines_are_rejected_with_a_code(string line, string code) =>
        Parse(line).Should().Be(new ImportLine.Rejected(code));
}
