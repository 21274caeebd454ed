using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EntryExit.DemoData;

/// <summary>One NDJSON line of the import format (SPEC §5.1); <see cref="Type"/> picks the shape.</summary>
public abstract record ImportLine
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese text stays readable; the output is data for an importer, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>person, document, endorsement, crossing or issuance.</summary>
    public abstract string Type { get; }

    /// <summary>The line as compact JSON, properties in the SPEC's order, without the newline.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the line as UTF-8 JSON (no newline).</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        WriteProperties(writer);
        writer.WriteEndObject();
    }

    protected abstract void WriteProperties(Utf8JsonWriter writer);

    protected static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <param name="Sex">M or F.</param>
/// <param name="Residency">mainland, hong_kong, macau or taiwan.</param>
/// <param name="NameLatin">The passport spelling, upper case; null when the population record has none.</param>
public sealed record PersonLine(string IdNumber, string Name, string Sex, DateOnly BirthDate, string Residency, string? NameLatin = null) : ImportLine
{
    public override string Type => "person";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("idNumber", IdNumber);
        writer.WriteString("name", Name);
        writer.WriteString("sex", Sex);
        writer.WriteString("birthDate", Date(BirthDate));
        writer.WriteString("residency", Residency);
        if (NameLatin is not null)
        {
            writer.WriteString("nameLatin", NameLatin);
        }
    }
}

/// <summary>A reference photo (SPEC §5.1): the bytes travel base64-encoded.</summary>
/// <param name="ContentType">image/png or image/jpeg.</param>
public sealed record PhotoLine(string IdNumber, string ContentType, byte[] Data) : ImportLine
{
    public override string Type => "photo";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("idNumber", IdNumber);
        writer.WriteString("contentType", ContentType);
        writer.WriteBase64String("data", Data);
    }
}

/// <param name="Kind">passport, hk_macau_permit or taiwan_permit.</param>
/// <param name="Status">valid, expired, void or reported_lost.</param>
public sealed record DocumentLine(
    string IdNumber,
    string Kind,
    string Number,
    string Status,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string IssuingAuthority,
    string PlaceOfIssue) : ImportLine
{
    public override string Type => "document";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("idNumber", IdNumber);
        writer.WriteString("kind", Kind);
        writer.WriteString("number", Number);
        writer.WriteString("status", Status);
        writer.WriteString("issuedOn", Date(IssuedOn));
        writer.WriteString("expiresOn", Date(ExpiresOn));
        writer.WriteString("issuingAuthority", IssuingAuthority);
        writer.WriteString("placeOfIssue", PlaceOfIssue);
    }
}

/// <param name="Destination">香港, 澳门 or 台湾.</param>
/// <param name="EndorsementType">G, L, T, S, D or Q.</param>
/// <param name="Entries">single, double or multiple.</param>
public sealed record EndorsementLine(
    string DocumentNumber,
    string Destination,
    string EndorsementType,
    string Entries,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    int StaysDays) : ImportLine
{
    public override string Type => "endorsement";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("documentNumber", DocumentNumber);
        writer.WriteString("destination", Destination);
        writer.WriteString("endorsementType", EndorsementType);
        writer.WriteString("entries", Entries);
        writer.WriteString("validFrom", Date(ValidFrom));
        writer.WriteString("validUntil", Date(ValidUntil));
        writer.WriteNumber("staysDays", StaysDays);
    }
}

/// <param name="Direction">exit or entry.</param>
/// <param name="At">China time; written with the +08:00 offset.</param>
/// <param name="FlightNumber">Empty at land ports.</param>
public sealed record CrossingLine(
    string IdNumber,
    string DocumentKind,
    string DocumentNumber,
    string Direction,
    DateTimeOffset At,
    string Port,
    string FlightNumber) : ImportLine
{
    public override string Type => "crossing";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("idNumber", IdNumber);
        writer.WriteString("documentKind", DocumentKind);
        writer.WriteString("documentNumber", DocumentNumber);
        writer.WriteString("direction", Direction);
        writer.WriteString("at", At.ToOffset(DemoPopulation.ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        writer.WriteString("port", Port);
        writer.WriteString("flightNumber", FlightNumber);
    }
}

/// <param name="Status">valid, expired, void or reported_lost.</param>
public sealed record IssuanceLine(
    string IdNumber,
    string PassportNumber,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string IssuingAuthority,
    string Status) : ImportLine
{
    public override string Type => "issuance";

    protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("idNumber", IdNumber);
        writer.WriteString("passportNumber", PassportNumber);
        writer.WriteString("issuedOn", Date(IssuedOn));
        writer.WriteString("expiresOn", Date(ExpiresOn));
        writer.WriteString("issuingAuthority", IssuingAuthority);
        writer.WriteString("status", Status);
    }
}
