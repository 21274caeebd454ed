using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntryExit.DemoData;

/// <summary>
/// One NDJSON line of the import format (SPEC §5.1): <c>type</c> first, then the record's properties in the order they
/// are declared (the SPEC's), camel-cased; dates as <c>yyyy-MM-dd</c>, bytes as base64, an absent optional left out.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PersonLine), "person")]
[JsonDerivedType(typeof(PhotoLine), "photo")]
[JsonDerivedType(typeof(DocumentLine), "document")]
[JsonDerivedType(typeof(EndorsementLine), "endorsement")]
[JsonDerivedType(typeof(CrossingLine), "crossing")]
[JsonDerivedType(typeof(IssuanceLine), "issuance")]
public abstract record ImportLine
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Chinese text stays readable; the output is data for an importer, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The line as compact JSON, without the newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Writes the line as UTF-8 JSON (no newline).</summary>
    public void WriteTo(Stream stream) => JsonSerializer.Serialize(stream, this, Options);
}

/// <summary>A crossing's time in China time, with its +08:00 offset.</summary>
internal sealed class ChinaTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToOffset(DemoPopulation.ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
}

/// <param name="Sex">M or F.</param>
/// <param name="Residency">mainland, hong_kong, macau or taiwan.</param>
/// <param name="NameLatin">The passport spelling, upper case; null when the population record has none.</param>
public sealed record PersonLine(string IdNumber, string Name, string Sex, DateOnly BirthDate, string Residency, string? NameLatin = null) : ImportLine;

/// <summary>A reference photo (SPEC §5.1): the bytes travel base64-encoded.</summary>
/// <param name="ContentType">image/png or image/jpeg.</param>
public sealed record PhotoLine(string IdNumber, string ContentType, byte[] Data) : ImportLine;

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
    string PlaceOfIssue) : ImportLine;

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
    int StaysDays) : ImportLine;

/// <param name="Direction">exit or entry.</param>
/// <param name="At">China time; written with the +08:00 offset.</param>
/// <param name="FlightNumber">Empty at land ports.</param>
public sealed record CrossingLine(
    string IdNumber,
    string DocumentKind,
    string DocumentNumber,
    string Direction,
    [property: JsonConverter(typeof(ChinaTimeConverter))] DateTimeOffset At,
    string Port,
    string FlightNumber) : ImportLine;

/// <param name="Status">valid, expired, void or reported_lost.</param>
public sealed record IssuanceLine(
    string IdNumber,
    string PassportNumber,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    string IssuingAuthority,
    string Status) : ImportLine;
