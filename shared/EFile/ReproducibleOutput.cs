using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;

namespace EntryExit.EFile;

/// <summary>
/// Replaces what PDFsharp draws from <see cref="Guid.NewGuid"/> with values derived from the document's identity, so
/// that the same content gives the same file: the trailer /ID and the six-letter tags of subset font names.
/// PDFsharp 6.2.4 also writes an XMP metadata stream whose xmpMM:DocumentID and InstanceID are fresh UUIDs; it
/// builds that stream inside <c>Save</c> and replaces any stream set before, so those 72 characters still differ.
/// </summary>
internal static class ReproducibleOutput
{
    private const string TagLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Call after drawing (the fonts exist then) and before saving.</summary>
    public static void Apply(PdfDocument document, string identity)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        var id = Encoding.Latin1.GetString(seed, 0, 16);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
        RenameSubsetTags(document, seed);
    }

    private static void RenameSubsetTags(PdfDocument document, byte[] seed)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary dictionary)
            {
                continue;
            }

            var type = dictionary.Elements.GetName("/Type");
            var key = type switch
            {
                "/Font" => "/BaseFont",
                "/FontDescriptor" => "/FontName",
                _ => null,
            };
            if (key is null || dictionary.Elements.GetName(key) is not { Length: > 8 } name || name[7] != '+')
            {
                continue;
            }

            var tag = name[1..7];
            if (!tags.TryGetValue(tag, out var replacement))
            {
                replacement = Tag(seed, tags.Count);
                tags.Add(tag, replacement);
            }

            dictionary.Elements.SetName(key, "/" + replacement + name[7..]);
        }
    }

    /// <summary>Six capitals from the seed; the n-th font gets a different one.</summary>
    private static string Tag(byte[] seed, int index)
    {
        Span<char> tag = stackalloc char[6];
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = TagLetters[(seed[16 + i] + (index * 7) + i) % TagLetters.Length];
        }

        return new string(tag);
    }
}
