using System.Collections.Frozen;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Records;

namespace EntryExit.Core.Translations;

/// <summary>
/// The reviewed English of everything the bilingual e-file prints (SPEC §2.5, language <c>zh-en</c>): its fixed texts
/// by their Chinese wording, the official English names of ports, document kinds, statuses and issuing authorities. The
/// layout takes all its English from here. Chinese stays authoritative; this is its translation, not a second source.
/// A kind or status without English does not compile (the switches have no default arm); a port or fixed text without
/// English fails <c>TranslationsTests</c>.
/// </summary>
public static class English
{
    /// <summary>
    /// Fixed texts by their Chinese wording. Entries with <c>{0}</c>, <c>{1}</c> are templates whose arguments the
    /// layout fills in (dates in ISO form).
    /// </summary>
    private static readonly FrozenDictionary<string, string> FixedTexts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["国家移民管理局"] = "National Immigration Administration",
        ["出入境记录查询结果（电子文件）"] = "Entry and Exit Records Inquiry Result (Electronic File)",
        ["护照签发记录查询结果（电子文件）"] = "Passport Issuance Records Inquiry Result (Electronic File)",
        ["编号"] = "No.",
        ["查询日期"] = "Date of inquiry",
        ["查询人姓名"] = "Name",
        ["性别"] = "Sex",
        ["出生日期"] = "Date of birth",
        ["公民身份号码"] = "Citizen ID number",
        ["制作日期"] = "Made at",
        ["校验码"] = "Verification code",
        ["第 {0} 页 共 {1} 页"] = "Page {0} of {1}",
        ["通过国家移民管理局出入境记录查询系统查询，其本人在 {0}至 {1}期间有下列出入境记录："] =
            "According to the Entry and Exit Records Inquiry System of the National Immigration Administration, the holder has the following entry and exit records from {0} to {1}:",
        ["通过国家移民管理局出入境记录查询系统查询 {0}至 {1}期间的出入境记录。"] =
            "The Entry and Exit Records Inquiry System of the National Immigration Administration was searched for entry and exit records from {0} to {1}.",
        ["其本人在上述期间无出入境记录。"] = "The holder has no entry or exit records in this period.",
        ["通过国家移民管理局护照签发记录查询系统查询，其本人名下有下列护照签发记录："] =
            "According to the Passport Issuance Records Inquiry System of the National Immigration Administration, the following passports have been issued to the holder:",
        ["通过国家移民管理局护照签发记录查询系统查询，结果如下："] =
            "According to the Passport Issuance Records Inquiry System of the National Immigration Administration, the result is as follows:",
        ["其本人名下无护照签发记录。"] = "No passport has been issued to the holder.",

        // Column headers.
        ["序号"] = "No.",
        ["出境/入境"] = "Exit/Entry",
        ["出入境日期"] = "Date and time",
        ["证件名称"] = "Document",
        ["证件号码"] = "Document No.",
        ["出入境口岸"] = "Port",
        ["航班号"] = "Flight No.",
        ["护照号码"] = "Passport No.",
        ["签发日期"] = "Date of issue",
        ["有效期至"] = "Valid until",
        ["签发机关"] = "Issuing authority",
        ["状态"] = "Status",

        // The four notes of the guide, for both systems.
        ["本电子文件原件为PDF格式的数据电文，左上角图标处载有电子签名认证数据。通过电子签名认证的为有效数据电文，否则为无效数据电文。"] =
            "The original of this electronic file is a data message in PDF format; the electronic signature data is carried at the icon in the upper left corner. A data message whose electronic signature is verified is valid; otherwise it is invalid.",
        ["本电子文件的使用者可通过国家移民管理局政务服务平台（https://z.nia.gov.cn）下载用于验证本电子文件所载电子签名认证证书有效性的颁发者证书。"] =
            "Users of this electronic file can download the issuer certificate, with which the validity of the certificate of the electronic signature in this file is verified, from the government service platform of the National Immigration Administration (https://z.nia.gov.cn).",
        ["经国家移民管理局电子签名的电子文件与盖有公安机关出入境管理部门或出入境边防检查机关印章的同类纸质文件具有相同效力。"] =
            "An electronic file signed electronically by the National Immigration Administration has the same effect as a paper document of the same kind bearing the seal of an exit and entry administration of a public security authority or of an exit and entry border inspection authority.",
        ["本电子文件由国家移民管理局出入境记录查询系统自动生成，因数据采集、传输、处理等原因，可能存在差错或者缺漏。"] =
            "This electronic file was generated automatically by the Entry and Exit Records Inquiry System of the National Immigration Administration; owing to data collection, transmission, processing and similar causes, it may contain errors or omissions.",
        ["本电子文件由国家移民管理局护照签发记录查询系统自动生成，因数据采集、传输、处理等原因，可能存在差错或者缺漏。"] =
            "This electronic file was generated automatically by the Passport Issuance Records Inquiry System of the National Immigration Administration; owing to data collection, transmission, processing and similar causes, it may contain errors or omissions.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Official English names of the ports of <see cref="PortNames"/>.</summary>
    private static readonly FrozenDictionary<string, string> Ports = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["罗湖"] = "Luohu",
        ["福田"] = "Futian",
        ["皇岗"] = "Huanggang",
        ["深圳湾"] = "Shenzhen Bay",
        ["文锦渡"] = "Wenjindu",
        ["沙头角"] = "Shatoujiao",
        ["莲塘"] = "Liantang",
        ["西九龙站"] = "West Kowloon Station",
        ["港珠澳大桥"] = "Hong Kong–Zhuhai–Macao Bridge",
        ["拱北"] = "Gongbei",
        ["横琴"] = "Hengqin",
        ["青茂"] = "Qingmao",
        ["珠澳跨境工业区"] = "Zhuhai-Macao Cross-border Industrial Zone",
        ["蛇口"] = "Shekou",
        ["深圳机场码头"] = "Shenzhen Airport Ferry Terminal",
        ["九洲港"] = "Jiuzhou Port",
        ["湾仔"] = "Wanzai",
        ["中山港"] = "Zhongshan Port",
        ["南沙客运港"] = "Nansha Passenger Port",
        ["首都国际机场"] = "Beijing Capital International Airport",
        ["大兴国际机场"] = "Beijing Daxing International Airport",
        ["浦东国际机场"] = "Shanghai Pudong International Airport",
        ["虹桥国际机场"] = "Shanghai Hongqiao International Airport",
        ["白云国际机场"] = "Guangzhou Baiyun International Airport",
        ["宝安国际机场"] = "Shenzhen Bao'an International Airport",
        ["双流国际机场"] = "Chengdu Shuangliu International Airport",
        ["天府国际机场"] = "Chengdu Tianfu International Airport",
        ["萧山国际机场"] = "Hangzhou Xiaoshan International Airport",
        ["禄口国际机场"] = "Nanjing Lukou International Airport",
        ["江北国际机场"] = "Chongqing Jiangbei International Airport",
        ["咸阳国际机场"] = "Xi'an Xianyang International Airport",
        ["长水国际机场"] = "Kunming Changshui International Airport",
        ["高崎国际机场"] = "Xiamen Gaoqi International Airport",
        ["长乐国际机场"] = "Fuzhou Changle International Airport",
        ["天河国际机场"] = "Wuhan Tianhe International Airport",
        ["黄花国际机场"] = "Changsha Huanghua International Airport",
        ["美兰国际机场"] = "Haikou Meilan International Airport",
        ["凤凰国际机场"] = "Sanya Phoenix International Airport",
        ["流亭国际机场"] = "Qingdao Liuting International Airport",
        ["胶东国际机场"] = "Qingdao Jiaodong International Airport",
        ["周水子国际机场"] = "Dalian Zhoushuizi International Airport",
        ["桃仙国际机场"] = "Shenyang Taoxian International Airport",
        ["太平国际机场"] = "Harbin Taiping International Airport",
        ["地窝堡国际机场"] = "Urumqi Diwopu International Airport",
        ["滨海国际机场"] = "Tianjin Binhai International Airport",
        ["新郑国际机场"] = "Zhengzhou Xinzheng International Airport",
        ["吴圩国际机场"] = "Nanning Wuxu International Airport",
        ["两江国际机场"] = "Guilin Liangjiang International Airport",
        ["龙洞堡国际机场"] = "Guiyang Longdongbao International Airport",
        ["遥墙国际机场"] = "Jinan Yaoqiang International Airport",
        ["吴淞口"] = "Wusongkou",
        ["天津港"] = "Tianjin Port",
        ["大连港"] = "Dalian Port",
        ["青岛港"] = "Qingdao Port",
        ["厦门港"] = "Xiamen Port",
        ["二连浩特"] = "Erenhot",
        ["满洲里"] = "Manzhouli",
        ["绥芬河"] = "Suifenhe",
        ["霍尔果斯"] = "Khorgos",
        ["阿拉山口"] = "Alashankou",
        ["红其拉甫"] = "Khunjerab",
        ["瑞丽"] = "Ruili",
        ["磨憨"] = "Mohan",
        ["河口"] = "Hekou",
        ["友谊关"] = "Youyiguan",
        ["东兴"] = "Dongxing",
        ["丹东"] = "Dandong",
        ["珲春"] = "Hunchun",
        ["樟木"] = "Zhangmu",
        ["吉隆"] = "Gyirong",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Issuing authorities whose English is official; others stay in Chinese alone.</summary>
    private static readonly FrozenDictionary<string, string> Authorities = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["国家移民管理局"] = "National Immigration Administration",
        ["公安部出入境管理局"] = "Exit and Entry Administration of the Ministry of Public Security",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every Chinese fixed text this table translates.</summary>
    public static IEnumerable<string> TranslatedFixedTexts => FixedTexts.Keys;

    /// <summary>The English of a fixed text; throws for one the table lacks, so a missing translation never prints.</summary>
    public static string Text(string chinese) =>
        FixedTexts.TryGetValue(chinese, out var english)
            ? english
            : throw new KeyNotFoundException($"The fixed text '{chinese}' has no English in the translations table.");

    public static bool TryText(string chinese, out string english) => FixedTexts.TryGetValue(chinese, out english!);

    /// <summary>The official English name of a port of <see cref="PortNames"/>; null for one the table lacks.</summary>
    public static string? Port(string chinese) => Ports.GetValueOrDefault(chinese);

    /// <summary>The English of an issuing authority, when it has an official one.</summary>
    public static string? Authority(string chinese) => Authorities.GetValueOrDefault(chinese);

#pragma warning disable CS8524 // Every named value has its arm: a new one without English must not compile.
    public static string Of(DocumentKind kind) => kind switch
    {
        DocumentKind.Passport => "Ordinary Passport",
        DocumentKind.HkMacauPermit => "Exit-Entry Permit for Travelling to and from Hong Kong and Macao",
        DocumentKind.TaiwanPermit => "Exit-Entry Permit for Travelling to and from Taiwan",
        DocumentKind.OfficialPassport => "Official Ordinary Passport",
        DocumentKind.SeamansBook => "Seaman's Book",
    };

    public static string Of(DocumentStatus status) => status switch
    {
        DocumentStatus.Valid => "Valid",
        DocumentStatus.Expired => "Expired",
        DocumentStatus.Void => "Void",
        DocumentStatus.ReportedLost => "Reported lost",
    };

    public static string Of(Direction direction) => direction switch
    {
        Direction.Exit => "Exit",
        Direction.Entry => "Entry",
    };

    public static string Of(Sex sex) => sex switch
    {
        Sex.Male => "Male",
        Sex.Female => "Female",
    };
#pragma warning restore CS8524
}
