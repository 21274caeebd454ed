using System.Globalization;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Time;

namespace EntryExit.EFile;

/// <summary>The fixed wording of the records e-file, as in the official example (SPEC §2.5).</summary>
internal static class EFileText
{
    public const string Issuer = "国家移民管理局";
    public const string DocumentName = "出入境记录查询结果（电子文件）";
    public const string Title = Issuer + " " + DocumentName;
    public const string Creator = "国家移民管理局出入境记录查询系统";
    public const string NoRecords = "其本人在上述期间无出入境记录。";

    public static readonly IReadOnlyList<string> TableHeader = ["序号", "出境/入境", "出入境日期", "证件名称", "证件号码", "出入境口岸", "航班号"];

    public static readonly IReadOnlyList<string> Notes =
    [
        "本电子文件原件为PDF格式的数据电文，左上角图标处载有电子签名认证数据。通过电子签名认证的为有效数据电文，否则为无效数据电文。",
        "本电子文件的使用者可通过国家移民管理局政务服务平台（https://z.nia.gov.cn）下载用于验证本电子文件所载电子签名认证证书有效性的颁发者证书。",
        "经国家移民管理局电子签名的电子文件与盖有公安机关出入境管理部门或出入境边防检查机关印章的同类纸质文件具有相同效力。",
        "本电子文件由国家移民管理局出入境记录查询系统自动生成，因数据采集、传输、处理等原因，可能存在差错或者缺漏。",
    ];

    public static string Number(ReportNumber number) => "编号：" + number.Value;

    public static string QueryDate(DateOnly date) => "查询日期：" + CompactDate(date);

    /// <summary>
    /// The person and the period in one paragraph. Without records the sentence names the period without promising a
    /// list, and <see cref="NoRecords"/> follows where the table would be.
    /// </summary>
    public static string PersonParagraph(RecordsEFileContent content)
    {
        var person = $"查询人姓名：{content.Name.Value}，性别：{content.Sex.ChineseName()}，出生日期：{CompactDate(content.BirthDate)}，"
            + $"公民身份号码：{content.IdNumber.Value}，";
        var period = $"{SpacedDate(content.From)}至 {SpacedDate(content.To)}";
        return content.Crossings.Count > 0
            ? person + $"通过国家移民管理局出入境记录查询系统查询，其本人在 {period}期间有下列出入境记录："
            : person + $"通过国家移民管理局出入境记录查询系统查询 {period}期间的出入境记录。";
    }

    public static string MadeAt(DateTimeOffset madeAt) =>
        "制作日期：" + ChinaTime.ToChina(madeAt).ToString("yyyy'年'MM'月'dd'日'HH'时'mm'分'", CultureInfo.InvariantCulture);

    public static string CrossingTime(DateTimeOffset at) =>
        ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string PageNumber(int page, int pages) =>
        string.Create(CultureInfo.InvariantCulture, $"第 {page} 页 共 {pages} 页");

    public static string VerificationCode(string code) => "校验码：" + code;

    public static string NoteNumber(int index) => string.Create(CultureInfo.InvariantCulture, $"{index + 1}.");

    /// <summary><c>2023年02月23日</c>, as the example writes the query and birth dates.</summary>
    public static string CompactDate(DateOnly date) => date.ToString("yyyy'年'MM'月'dd'日'", CultureInfo.InvariantCulture);

    /// <summary><c>2013 年 02 月 23 日</c>, as the example writes the period.</summary>
    private static string SpacedDate(DateOnly date) => date.ToString("yyyy' 年 'MM' 月 'dd' 日'", CultureInfo.InvariantCulture);
}
