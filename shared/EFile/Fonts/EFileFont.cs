namespace EntryExit.EFile.Fonts;

/// <summary>
/// The main font of the e-file: face 0 of the embedded WenQuanYi Micro Hei collection, extracted once. What it lacks is
/// drawn with <see cref="FallbackFont"/>.
/// </summary>
internal static class EFileFont
{
    public const string FaceName = "WenQuanYi Micro Hei";
    public const string ResourceName = "EntryExit.EFile.Fonts.wqy-microhei.ttc";

    private static readonly Lazy<byte[]> Face = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A standalone TrueType file; PDFsharp keeps its own reference, so callers must not change it.</summary>
    public static byte[] Bytes => Face.Value;

    private static byte[] Load()
    {
        using var stream = typeof(EFileFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font resource '{ResourceName}' is missing.");
        var collection = new byte[stream.Length];
        stream.ReadExactly(collection);
        return TrueTypeCollection.ExtractFace(collection, 0);
    }
}
