using System.Globalization;
using System.Text.Json;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;

namespace EntryExit.Core.Import;

/// <summary>Parses and validates one NDJSON line; never throws on bad input.</summary>
public static class ImportLineParser
{
    public static ImportLine Parse(ReadOnlySpan<byte> utf8Line, DateOnly today)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ImportLine.Rejected("invalid_json");
            }

            return Text(root, "type") switch
            {
                "person" => ParsePerson(root, today),
                "photo" => ParsePhoto(root, today),
                "crossing" => ParseCrossing(root, today),
                "document" => ParseDocument(root, today),
                "endorsement" => ParseEndorsement(root),
                "issuance" => ParseIssuance(root, today),
                null => new ImportLine.Rejected("missing_type"),
                _ => new ImportLine.Rejected("unsupported_type"),
            };
        }
        catch (JsonException)
        {
            return new ImportLine.Rejected("invalid_json");
        }
    }

    private static ImportLine ParsePerson(JsonElement root, DateOnly today)
    {
        if (!ResidentIdNumber.TryParse(Text(root, "idNumber"), today, out var idNumber))
        {
            return new ImportLine.Rejected("invalid_id_number");
        }

        if (!PersonName.TryParse(Text(root, "name"), out var name))
        {
            return new ImportLine.Rejected("invalid_name");
        }

        if (!SexNames.TryParseCode(Text(root, "sex"), out var sex) || sex != idNumber.Sex)
        {
            return new ImportLine.Rejected("invalid_sex");
        }

        if (!TryDate(Text(root, "birthDate"), out var birthDate) || birthDate != idNumber.BirthDate)
        {
            return new ImportLine.Rejected("invalid_birth_date");
        }

        var residencyCode = Text(root, "residency") ?? "mainland";
        if (!ResidencyCodes.TryParse(residencyCode, out var residency))
        {
            return new ImportLine.Rejected("invalid_residency");
        }

        // Optional: many population records have no passport spelling.
        LatinName? nameLatin = null;
        if (Text(root, "nameLatin") is { Length: > 0 } latinText)
        {
            if (!LatinName.TryParse(latinText, out var parsed))
            {
                return new ImportLine.Rejected("invalid_name_latin");
            }

            nameLatin = parsed;
        }

        return new ImportLine.PersonLine(new Person(idNumber, name, sex, birthDate, residency) { NameLatin = nameLatin });
    }

    /// <summary>The largest base64 text that can decode to <see cref="ReferencePhoto.MaxBytes"/>.</summary>
    private const int MaxPhotoBase64Length = (ReferencePhoto.MaxBytes + 2) / 3 * 4;

    private static ImportLine ParsePhoto(JsonElement root, DateOnly today)
    {
        if (!ResidentIdNumber.TryParse(Text(root, "idNumber"), today, out var idNumber))
        {
            return new ImportLine.Rejected("invalid_id_number");
        }

        var declared = Text(root, "contentType");
        if (declared is not (ReferencePhoto.Jpeg or ReferencePhoto.Png))
        {
            return new ImportLine.Rejected("invalid_content_type");
        }

        var data = Text(root, "data");
        if (string.IsNullOrEmpty(data))
        {
            return new ImportLine.Rejected("invalid_photo");
        }

        if (data.Length > MaxPhotoBase64Length)
        {
            return new ImportLine.Rejected("photo_too_large");
        }

        var bytes = new byte[data.Length / 4 * 3];
        if (!Convert.TryFromBase64String(data, bytes, out var written))
        {
            return new ImportLine.Rejected("invalid_photo");
        }

        if (written > ReferencePhoto.MaxBytes)
        {
            return new ImportLine.Rejected("photo_too_large");
        }

        // The bytes decide what the photo is; a declared type that they contradict is a mistake worth reporting.
        var photo = ReferencePhoto.From(bytes[..written]);
        return photo is null || photo.ContentType != declared
            ? new ImportLine.Rejected("invalid_photo")
            : new ImportLine.PhotoLine(idNumber, photo);
    }

    private static ImportLine ParseCrossing(JsonElement root, DateOnly today)
    {
        if (!ResidentIdNumber.TryParse(Text(root, "idNumber"), today, out var idNumber))
        {
            return new ImportLine.Rejected("invalid_id_number");
        }

        if (!DocumentKinds.TryParse(Text(root, "documentKind"), out var kind))
        {
            return new ImportLine.Rejected("invalid_document_kind");
        }

        if (DocumentNumber(root, "documentNumber") is not { } number)
        {
            return new ImportLine.Rejected("invalid_document_number");
        }

        if (!Directions.TryParse(Text(root, "direction"), out var direction))
        {
            return new ImportLine.Rejected("invalid_direction");
        }

        // The checkpoint's clock must say which offset it used; a bare local time is ambiguous.
        var atText = Text(root, "at");
        if (atText is null || !atText.Contains('T', StringComparison.Ordinal) || !(atText.EndsWith('Z') || atText.Length > 19 && atText[^6] is '+' or '-')
            || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return new ImportLine.Rejected("invalid_at");
        }

        // Only ports with an official English name: every port on a bilingual e-file is translated.
        var port = Text(root, "port")?.Trim();
        if (!PortNames.IsKnown(port))
        {
            return new ImportLine.Rejected("invalid_port");
        }

        var flight = Text(root, "flightNumber")?.Trim() ?? "";
        if (flight.Length > 20)
        {
            return new ImportLine.Rejected("invalid_flight_number");
        }

        return new ImportLine.CrossingLine(idNumber, new Crossing(direction, at, kind, number, port!, flight));
    }

    private static ImportLine ParseDocument(JsonElement root, DateOnly today)
    {
        if (!ResidentIdNumber.TryParse(Text(root, "idNumber"), today, out var idNumber))
        {
            return new ImportLine.Rejected("invalid_id_number");
        }

        if (!DocumentKinds.TryParse(Text(root, "kind"), out var kind))
        {
            return new ImportLine.Rejected("invalid_document_kind");
        }

        if (DocumentNumber(root, "number") is not { } number)
        {
            return new ImportLine.Rejected("invalid_document_number");
        }

        if (!DocumentStatuses.TryParse(Text(root, "status"), out var status))
        {
            return new ImportLine.Rejected("invalid_status");
        }

        if (!TryDate(Text(root, "issuedOn"), out var issuedOn) || !TryDate(Text(root, "expiresOn"), out var expiresOn) || expiresOn < issuedOn)
        {
            return new ImportLine.Rejected("invalid_dates");
        }

        if (ShortText(root, "issuingAuthority") is not { } authority || ShortText(root, "placeOfIssue") is not { } place)
        {
            return new ImportLine.Rejected("invalid_issuer");
        }

        return new ImportLine.DocumentLine(idNumber, new TravelDocument(kind, number, status, issuedOn, expiresOn, authority, place));
    }

    private static ImportLine ParseEndorsement(JsonElement root)
    {
        if (DocumentNumber(root, "documentNumber") is not { } number)
        {
            return new ImportLine.Rejected("invalid_document_number");
        }

        var destination = Text(root, "destination");
        if (destination is null || !Endorsement.Destinations.Contains(destination))
        {
            return new ImportLine.Rejected("invalid_destination");
        }

        var type = Text(root, "endorsementType");
        if (!Endorsement.IsType(type))
        {
            return new ImportLine.Rejected("invalid_endorsement_type");
        }

        var entries = Text(root, "entries");
        if (!Endorsement.IsEntries(entries))
        {
            return new ImportLine.Rejected("invalid_entries");
        }

        if (!TryDate(Text(root, "validFrom"), out var from) || !TryDate(Text(root, "validUntil"), out var until) || until < from)
        {
            return new ImportLine.Rejected("invalid_dates");
        }

        if (!root.TryGetProperty("staysDays", out var stays) || stays.ValueKind != JsonValueKind.Number || !stays.TryGetInt32(out var days) || days is < 1 or > 366)
        {
            return new ImportLine.Rejected("invalid_stays_days");
        }

        return new ImportLine.EndorsementLine(number, new Endorsement(destination, type!, entries!, from, until, days));
    }

    private static ImportLine ParseIssuance(JsonElement root, DateOnly today)
    {
        if (!ResidentIdNumber.TryParse(Text(root, "idNumber"), today, out var idNumber))
        {
            return new ImportLine.Rejected("invalid_id_number");
        }

        if (DocumentNumber(root, "passportNumber") is not { } number)
        {
            return new ImportLine.Rejected("invalid_document_number");
        }

        if (!TryDate(Text(root, "issuedOn"), out var issuedOn) || !TryDate(Text(root, "expiresOn"), out var expiresOn) || expiresOn < issuedOn)
        {
            return new ImportLine.Rejected("invalid_dates");
        }

        if (ShortText(root, "issuingAuthority") is not { } authority)
        {
            return new ImportLine.Rejected("invalid_issuer");
        }

        if (!DocumentStatuses.TryParse(Text(root, "status"), out var status))
        {
            return new ImportLine.Rejected("invalid_status");
        }

        return new ImportLine.IssuanceLine(idNumber, new Issuance(number, issuedOn, expiresOn, authority, status));
    }

    /// <summary>Letters and digits, upper-cased, at most 20: the shape of every passport and permit number.</summary>
    private static string? DocumentNumber(JsonElement root, string name) => DocumentNumbers.Normalize(Text(root, name));

    private static string? ShortText(JsonElement root, string name)
    {
        var text = Text(root, name)?.Trim();
        return string.IsNullOrEmpty(text) || text.Length > 100 || text.Any(char.IsControl) ? null : text;
    }

    /// <summary>The field's text; null when it is absent, not a string, or no text at all.</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\uDFFF") is valid JSON but not text: the field is as unreadable as a number there,
            // so the line is rejected naming it and the import goes on (it used to throw out of the whole import run).
            return null;
        }
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
