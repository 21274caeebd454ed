using System.Globalization;
using Azure.Data.Tables;

namespace EntryExit.Storage;

/// <summary>Reads one stored entity's fields strictly: a missing or unreadable value is a <see cref="StoredDataException"/>, never a default.</summary>
internal readonly record struct StoredRow(string Table, TableEntity Entity)
{
    public delegate bool TryParser<T>(string? text, out T value);

    /// <summary>A code (kind, status, direction …) read back through its domain parser.</summary>
    public T Code<T>(string field, TryParser<T> tryParse)
    {
        var text = Entity.GetString(field);
        return tryParse(text, out var value) ? value : throw Error(field, text is null ? "is missing" : $"holds '{Shorten(text)}', which is not a known code");
    }

    /// <summary>A code held inside a field (e.g. one element of a JSON list) rather than the field itself.</summary>
    public T Code<T>(string field, string? text, TryParser<T> tryParse) =>
        tryParse(text, out var value) ? value : throw Error(field, $"holds '{Shorten(text ?? "")}', which is not a known code");

    public string Text(string field) => Entity.GetString(field) ?? throw Error(field, "is missing");

    /// <summary>A date stored as ISO 8601 text (yyyy-MM-dd).</summary>
    public DateOnly Date(string field) =>
        DateOnly.TryParseExact(Entity.GetString(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(field, "is not a date (yyyy-MM-dd)");

    public DateTimeOffset Time(string field) => Entity.GetDateTimeOffset(field) ?? throw Error(field, "is missing");

    /// <summary>A value the caller validates itself (e.g. a decrypted name): the error names the field, never the value.</summary>
    public StoredDataException Unreadable(string field) => Error(field, "cannot be read");

    private StoredDataException Error(string field, string problem) => new(Table, Entity.PartitionKey, Entity.RowKey, field, problem);

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
