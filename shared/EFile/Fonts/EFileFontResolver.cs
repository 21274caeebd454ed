using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace EntryExit.EFile.Fonts;

/// <summary>
/// Answers every family with the embedded CJK font: the layout asks for it by name, and PDFsharp's own signature
/// appearance asks for "Verdana", which a Functions host does not have. The fallback font
/// (<see cref="FallbackFont.FaceName"/>) and the Latin font (<see cref="LatinFont.FaceName"/>) are answered by their own
/// names only.
/// </summary>
public sealed class EFileFontResolver : IFontResolver
{
    private static readonly EFileFontResolver Instance = new();
    private static readonly Lock Gate = new();
    private static volatile bool registered;

    private EFileFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver in PDFsharp's process-wide settings. PDFsharp allows one resolver per process, set before
    /// the first font is used, so every caller shares this instance; later calls are free.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (registered)
        {
            return;
        }

        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            var current = GlobalFontSettings.FontResolver;
            if (current is not null && current is not EFileFontResolver)
            {
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {current.GetType().FullName}; the e-file needs its own.");
            }

            if (current is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }

            registered = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Neither font has a bold or italic face: PDFsharp simulates them.
        var simulations = (bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None)
            | (italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);
        var face = familyName switch
        {
            FallbackFont.FaceName => FallbackFont.FaceName,
            LatinFont.FaceName => LatinFont.FaceName,
            _ => EFileFont.FaceName,
        };
        return new FontResolverInfo(face, simulations);
    }

    public byte[] GetFont(string faceName) => faceName switch
    {
        FallbackFont.FaceName => FallbackFont.Bytes,
        LatinFont.FaceName => LatinFont.Bytes,
        _ => EFileFont.Bytes,
    };
}
