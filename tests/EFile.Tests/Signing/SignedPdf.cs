using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>The parts of a signed PDF that a verifier reads: the byte ranges, the bytes they cover and the CMS.</summary>
internal static partial class SignedPdf
{
    public static (long Start1, long Length1, long Start2, long Length2) ByteRange(byte[] pdf)
    {
        var match = ByteRangePattern().Matches(Encoding.Latin1.GetString(pdf)).Should().ContainSingle().Subject;
        long At(int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return (At(1), At(2), At(3), At(4));
    }

    /// <summary>The bytes the signature covers: everything but the /Contents hex string.</summary>
    public static byte[] SignedBytes(byte[] pdf)
    {
        var (start1, length1, start2, length2) = ByteRange(pdf);
        return [.. pdf.AsSpan((int)start1, (int)length1), .. pdf.AsSpan((int)start2, (int)length2)];
    }

    /// <summary>The CMS from /Contents, without the zero padding after its DER end.</summary>
    public static byte[] Cms(byte[] pdf)
    {
        var (_, length1, start2, _) = ByteRange(pdf);
        var hex = Encoding.ASCII.GetString(pdf, (int)length1 + 1, (int)(start2 - length1 - 2));
        var bytes = Convert.FromHexString(hex);
        var reader = new System.Formats.Asn1.AsnReader(bytes, System.Formats.Asn1.AsnEncodingRules.BER);
        return reader.ReadEncodedValue().ToArray();
    }

    /// <summary>The hex characters reserved for the CMS, brackets excluded.</summary>
    public static int ReservedHexLength(byte[] pdf)
    {
        var (_, length1, start2, _) = ByteRange(pdf);
        return (int)(start2 - length1 - 2);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();
}
