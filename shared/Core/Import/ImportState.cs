namespace EntryExit.Core.Import;

/// <summary>queued → running → completed | failed, as <see cref="Reports.ReportStatus"/> is for reports.</summary>
public enum ImportState
{
    Queued,
    Running,
    Completed,
    Failed,
}

public static class ImportStates
{
    public static string Code(this ImportState state) => state.ToString().ToLowerInvariant();

    /// <summary>Exactly the codes <see cref="Code"/> writes: no numbers, no other casing.</summary>
    public static bool TryParse(string? code, out ImportState state)
    {
        foreach (var candidate in Enum.GetValues<ImportState>())
        {
            if (candidate.Code() == code)
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
