using System.Buffers.Binary;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// Reads TrueType collections (.ttc). PDFsharp 6.2.4 reads single fonts only, so one face is copied out into a
/// standalone font file: its table directory with the offsets rewritten, and the tables it uses (collections share
/// tables between faces, so each is copied whole).
/// </summary>
internal static class TrueTypeCollection
{
    private const uint HeadTag = 0x68656164; // 'head'
    private const int OffsetTableSize = 12;
    private const int TableRecordSize = 16;
    private const int CheckSumAdjustmentOffset = 8;

    public static bool IsCollection(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(data) == OpenTypeTables.CollectionTag;

    public static int FaceCount(ReadOnlySpan<byte> collection)
    {
        if (!IsCollection(collection))
        {
            throw new InvalidDataException("Not a TrueType collection: the 'ttcf' tag is missing.");
        }

        var major = BinaryPrimitives.ReadUInt16BigEndian(collection[4..]);
        if (major is not (1 or 2))
        {
            throw new InvalidDataException($"Unsupported TrueType collection version {major}.");
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(collection[8..]);
        if (count == 0 || count > (collection.Length - 12) / 4)
        {
            throw new InvalidDataException("The TrueType collection's face count is out of range.");
        }

        return (int)count;
    }

    /// <summary>Copies face <paramref name="face"/> (0-based) into a standalone TrueType/OpenType file.</summary>
    public static byte[] ExtractFace(ReadOnlySpan<byte> collection, int face)
    {
        var count = FaceCount(collection);
        ArgumentOutOfRangeException.ThrowIfNegative(face);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(face, count);

        var faceOffset = ToInt(BinaryPrimitives.ReadUInt32BigEndian(collection[(12 + (4 * face))..]), collection.Length);
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(Slice(collection, faceOffset + 4, 2));
        var directoryLength = OffsetTableSize + (TableRecordSize * tableCount);
        var directory = Slice(collection, faceOffset, directoryLength);

        var tables = new (int Offset, int Length)[tableCount];
        var size = (long)directoryLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = directory.Slice(OffsetTableSize + (TableRecordSize * i), TableRecordSize);
            var offset = ToInt(BinaryPrimitives.ReadUInt32BigEndian(record[8..]), collection.Length);
            var length = ToInt(BinaryPrimitives.ReadUInt32BigEndian(record[12..]), collection.Length);
            _ = Slice(collection, offset, length);
            tables[i] = (offset, length);
            size += Align4(length);
        }

        var font = new byte[size];
        directory.CopyTo(font);
        var position = directoryLength;
        var headOffset = -1;
        var headRecord = -1;
        for (var i = 0; i < tableCount; i++)
        {
            var record = font.AsSpan(OffsetTableSize + (TableRecordSize * i), TableRecordSize);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            collection.Slice(tables[i].Offset, tables[i].Length).CopyTo(font.AsSpan(position));
            if (BinaryPrimitives.ReadUInt32BigEndian(record) == HeadTag && tables[i].Length >= CheckSumAdjustmentOffset + 4)
            {
                headOffset = position;
                headRecord = OffsetTableSize + (TableRecordSize * i);
            }

            position += Align4(tables[i].Length);
        }

        // The whole-file checksum changes with the new layout. The head table's own checksum is taken with that
        // adjustment zeroed (some tools, FontForge among them, include it instead): recompute it the standard way.
        if (headOffset >= 0)
        {
            var headLength = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(headRecord + 12));
            var adjustment = font.AsSpan(headOffset + CheckSumAdjustmentOffset, 4);
            adjustment.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(headRecord + 4), OpenTypeTables.Checksum(font.AsSpan(headOffset, headLength)));
            BinaryPrimitives.WriteUInt32BigEndian(adjustment, unchecked(OpenTypeTables.ChecksumMagic - OpenTypeTables.Checksum(font)));
        }

        return font;
    }

    private static int Align4(int length) => (length + 3) & ~3;

    private static int ToInt(uint value, int limit) =>
        value <= (uint)limit ? (int)value : throw new InvalidDataException("A TrueType collection offset points past its end.");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, int offset, int length) =>
        offset >= 0 && length >= 0 && (long)offset + length <= data.Length
            ? data.Slice(offset, length)
            : throw new InvalidDataException("A TrueType collection table lies outside the file.");
}
