namespace EntryExit.Core.Records;

/// <summary>
/// The ports (口岸) a crossing can name, as the checkpoints write them: the import accepts these and no others, so that
/// every port on an e-file has its official English name (<see cref="Translations.English.Port"/>; a test holds the two
/// together).
/// </summary>
public static class PortNames
{
    /// <summary>Land and bridge ports to Hong Kong and Macau.</summary>
    private static readonly string[] HongKongAndMacau =
    [
        "罗湖", "福田", "皇岗", "深圳湾", "文锦渡", "沙头角", "莲塘", "西九龙站", "港珠澳大桥", "拱北", "横琴", "青茂", "珠澳跨境工业区",
        "蛇口", "深圳机场码头", "九洲港", "湾仔", "中山港", "南沙客运港",
    ];

    /// <summary>Airports, by the short name the checkpoints use.</summary>
    private static readonly string[] Airports =
    [
        "首都国际机场", "大兴国际机场", "浦东国际机场", "虹桥国际机场", "白云国际机场", "宝安国际机场", "双流国际机场", "天府国际机场",
        "萧山国际机场", "禄口国际机场", "江北国际机场", "咸阳国际机场", "长水国际机场", "高崎国际机场", "长乐国际机场", "天河国际机场",
        "黄花国际机场", "美兰国际机场", "凤凰国际机场", "流亭国际机场", "胶东国际机场", "周水子国际机场", "桃仙国际机场", "太平国际机场",
        "地窝堡国际机场", "滨海国际机场", "新郑国际机场", "吴圩国际机场", "两江国际机场", "龙洞堡国际机场", "遥墙国际机场",
    ];

    /// <summary>Sea ports and land ports to neighbouring countries.</summary>
    private static readonly string[] SeaAndLand =
    [
        "吴淞口", "天津港", "大连港", "青岛港", "厦门港", "二连浩特", "满洲里", "绥芬河", "霍尔果斯", "阿拉山口", "红其拉甫", "瑞丽", "磨憨",
        "河口", "友谊关", "东兴", "丹东", "珲春", "樟木", "吉隆",
    ];

    /// <summary>Every port the data can hold, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [.. HongKongAndMacau, .. Airports, .. SeaAndLand];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? port) => port is not null && Known.Contains(port);
}
