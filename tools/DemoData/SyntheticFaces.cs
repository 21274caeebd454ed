using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace EntryExit.DemoData;

/// <summary>
/// Deterministic synthetic reference photos: a face-like pictogram (hair, face, eyes, brows, nose, mouth on a plain
/// background, as an ID photo is framed) drawn from a hash of the ID number, encoded as a small valid PNG. The same
/// number always gives the same bytes, so tests and <c>./dev token</c> can "show" a demo person's face.
/// </summary>
public static class SyntheticFaces
{
    public const int Width = 96;
    public const int Height = 120;

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The PNG of the person with this ID number.</summary>
    public static byte[] Png(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes("synthetic-face:" + idNumber));
        return Encode(Draw(seed));
    }

    private static byte[] Draw(byte[] seed)
    {
        var pixels = new byte[Width * Height * 3];
        var background = (R: (byte)(180 + seed[0] % 60), G: (byte)(200 + seed[1] % 50), B: (byte)(225 + seed[2] % 30));
        var skin = (R: (byte)(200 + seed[3] % 50), G: (byte)(160 + seed[4] % 50), B: (byte)(120 + seed[5] % 50));
        var hair = (R: (byte)(seed[6] % 70), G: (byte)(seed[7] % 50), B: (byte)(seed[8] % 40));
        var features = (R: (byte)40, G: (byte)30, B: (byte)30);
        var lips = (R: (byte)(150 + seed[9] % 60), G: (byte)(60 + seed[10] % 40), B: (byte)(70 + seed[11] % 40));

        double cx = Width / 2.0, cy = 62 + seed[12] % 6;
        double rx = 28 + seed[13] % 7, ry = 36 + seed[14] % 6;
        var eyeY = cy - 8 - seed[15] % 4;
        var eyeDx = 11 + seed[16] % 4;
        var eyeR = 3 + seed[17] % 2;
        var mouthY = cy + 18 + seed[18] % 4;
        var mouthHalf = 7 + seed[19] % 6;
        var hairline = cy - ry + 10 + seed[20] % 8;

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var color = background;
                double fx = (x - cx) / rx, fy = (y - cy) / ry;
                var inFace = fx * fx + fy * fy <= 1;
                var inHead = (x - cx) * (x - cx) / ((rx + 6) * (rx + 6)) + (y - cy + 6) * (y - cy + 6) / ((ry + 8) * (ry + 8)) <= 1;
                var shoulders = y > cy + ry + 4 && Math.Abs(x - cx) < 20 + (y - cy - ry) * 1.5;
                if (shoulders)
                {
                    color = hair;
                }

                if (inHead && (!inFace || y < hairline))
                {
                    color = hair;
                }
                else if (inFace)
                {
                    color = skin;
                    if (Near(x, y, cx - eyeDx, eyeY, eyeR) || Near(x, y, cx + eyeDx, eyeY, eyeR))
                    {
                        color = features;
                    }
                    else if (Math.Abs(y - (eyeY - 7)) < 1.5 && (Math.Abs(x - (cx - eyeDx)) < 6 || Math.Abs(x - (cx + eyeDx)) < 6))
                    {
                        color = hair;
                    }
                    else if (Math.Abs(x - cx) < 1.5 && y > eyeY + 2 && y < mouthY - 6)
                    {
                        color = (R: (byte)(skin.R - 40), G: (byte)(skin.G - 40), B: (byte)(skin.B - 30));
                    }
                    else if (Math.Abs(x - cx) < mouthHalf && Math.Abs(y - mouthY - (x - cx) * (x - cx) / 40.0) < 1.6)
                    {
                        color = lips;
                    }
                }

                var i = (y * Width + x) * 3;
                pixels[i] = color.R;
                pixels[i + 1] = color.G;
                pixels[i + 2] = color.B;
            }
        }

        return pixels;
    }

    private static bool Near(int x, int y, double cx, double cy, double r) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;

    /// <summary>PNG: signature, IHDR (8-bit RGB), one zlib IDAT of filter-0 rows, IEND.</summary>
    private static byte[] Encode(byte[] pixels)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;
        header[9] = 2;
        Chunk(output, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < Height; y++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(pixels, y * Width * 3, Width * 3);
                }
            }

            Chunk(output, "IDAT", compressed.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
