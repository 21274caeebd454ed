namespace EntryExit.Storage;

/// <summary>
/// A stored value the app cannot read back (corrupt, or written by a version that knew more codes). Reading it
/// as some default would pass a wrong fact on — an unknown document kind read as a passport slips past the counter
/// rule — so the read fails and says where to look. Keys hold no ID number; a field's value is named only when it
/// is a code.
/// </summary>
public sealed class StoredDataException : Exception
{
    public StoredDataException(string table, string partitionKey, string rowKey, string field, string problem)
        : base($"Table {table}, PartitionKey '{partitionKey}', RowKey '{rowKey}': field {field} {problem}.")
    {
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Field = field;
    }

    public string Table { get; }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public string Field { get; }
}
