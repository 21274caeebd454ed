using System.Collections.Frozen;

namespace EntryExit.Core.Documents;

/// <summary>A permit's endorsement (签注): where to, what for, how many entries, for how long.</summary>
/// <param name="Destination">香港, 澳门 or 台湾.</param>
/// <param name="Type">G 个人旅游, L 团队旅游, T 探亲, S 商务, D 逗留, Q 其他.</param>
/// <param name="Entries">single 一次, double 二次, multiple 多次.</param>
public sealed record Endorsement(string Destination, string Type, string Entries, DateOnly ValidFrom, DateOnly ValidUntil, int StaysDays)
{
    public static readonly FrozenSet<string> Destinations = FrozenSet.Create("香港", "澳门", "台湾");

    private static readonly FrozenDictionary<string, string> TypeNames = new Dictionary<string, string>
    {
        ["G"] = "个人旅游",
        ["L"] = "团队旅游",
        ["T"] = "探亲",
        ["S"] = "商务",
        ["D"] = "逗留",
        ["Q"] = "其他",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> EntriesNames = new Dictionary<string, string>
    {
        ["single"] = "一次",
        ["double"] = "二次",
        ["multiple"] = "多次",
    }.ToFrozenDictionary();

    public string TypeName => TypeNames[Type];

    public string EntriesName => EntriesNames[Entries];

    public static bool IsType(string? code) => code is not null && TypeNames.ContainsKey(code);

    public static bool IsEntries(string? code) => code is not null && EntriesNames.ContainsKey(code);
}
