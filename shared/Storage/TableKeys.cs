namespace EntryExit.Storage;

internal static class TableKeys
{
    /// <summary>An id the app made (random, URL-safe) and may take from a URL: nothing that could bend a key lookup.</summary>
    public static bool IsSafeId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
