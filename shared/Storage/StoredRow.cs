using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Reads one stored entity's fields strictly: a missing or unreadable value is a <see cref="StoredDataException"/>, never a default.</summary>
internal readonly record struct StoredRow(string Table, TableEntity Entity)
{
    public delegate bool TryParser<T>(string? text, out T value);

    /// <summary>A code (kind, status, direction …) read back through its domain parser.</summary>
    public T Code<T>(string field, TryParser<T> tryParse)
    {
        var text = OptionalText(field);
        return tryParse(text, out var value) ? value : throw Error(field, text is null ? "is missing" : $"holds '{Shorten(text)}', which is not a known code");
    }

    /// <summary>A code held inside a field (e.g. one element of a JSON list) rather than the field itself.</summary>
    public T Code<T>(string field, string? text, TryParser<T> tryParse) =>
        tryParse(text, out var value) ? value : throw Error(field, $"holds '{Shorten(text ?? "")}', which is not a known code");

    public string Text(string field) => OptionalText(field) ?? throw Error(field, "is missing");

    /// <summary>A date stored as ISO 8601 text (yyyy-MM-dd).</summary>
    public DateOnly Date(string field) =>
        DateOnly.TryParseExact(OptionalText(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(field, "is not a date (yyyy-MM-dd)");

    public DateTimeOffset Time(string field) => OptionalTime(field) ?? throw Error(field, "is missing");

    public bool Flag(string field) => Typed(field, "a boolean", Entity.GetBoolean) ?? throw Error(field, "is missing");

    /// <summary>
    /// The optional readers answer null only for a field that is absent (rows written before it existed, or a value
    /// not set yet); a field holding another type is an error, not an absence.
    /// </summary>
    public string? OptionalText(string field) => Typed(field, "text", Entity.GetString);

    public DateTimeOffset? OptionalTime(string field) => Typed(field, "a time", Entity.GetDateTimeOffset);

    public int? OptionalInt32(string field) => Typed(field, "a 32-bit number", Entity.GetInt32);

    public long? OptionalInt64(string field) => Typed(field, "a 64-bit number", Entity.GetInt64);

    /// <summary>A JSON text field (a list kept in one column); absent reads as <paramref name="absent"/>.</summary>
    public T Json<T>(string field, T absent)
    {
        if (OptionalText(field) is not { } text)
        {
            return absent;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text) ?? throw Error(field, "is not the expected JSON");
        }
        catch (JsonException)
        {
            throw Error(field, "is not the expected JSON");
        }
    }

    /// <summary>A value the caller validates itself (e.g. a decrypted name): the error names the field, never the value.</summary>
    public StoredDataException Unreadable(string field) => Error(field, "cannot be read");

    /// <summary>Azure.Data.Tables throws InvalidOperationException when a stored value's type is not the one asked for.</summary>
    private T? Typed<T>(string field, string what, Func<string, T?> read)
    {
        try
        {
            return read(field);
        }
        catch (InvalidOperationException)
        {
            // The stored type, never the value: it may be personal.
            throw Error(field, $"is not {what} (it holds {Entity[field]?.GetType().Name})");
        }
    }

    private StoredDataException Error(string field, string problem) => new(Table, Entity.PartitionKey, Entity.RowKey, field, problem);

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
