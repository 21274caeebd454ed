using System.Globalization;
using System.Text;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Time;
using EntryExit.Core.Translations;

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

    public const string NumberLabel = "编号";
    public const string QueryDateLabel = "查询日期";
    public const string NameLabel = "查询人姓名";
    public const string SexLabel = "性别";
    public const string BirthDateLabel = "出生日期";
    public const string IdNumberLabel = "公民身份号码";
    public const string MadeAtLabel = "制作日期";
    public const string VerificationCodeLabel = "校验码";
    public const string PageNumberTemplate = "第 {0} 页 共 {1} 页";
    public const string RecordsSentence = "通过国家移民管理局出入境记录查询系统查询，其本人在 {0}至 {1}期间有下列出入境记录：";
    public const string NoRecordsSentence = "通过国家移民管理局出入境记录查询系统查询 {0}至 {1}期间的出入境记录。";

    private static readonly CompositeFormat PageNumberFormat = CompositeFormat.Parse(PageNumberTemplate);

    /// <summary>Every fixed Chinese text of the records e-file: each has its English in the translations table.</summary>
    public static IEnumerable<string> FixedTexts =>
    [
        Issuer, DocumentName, NoRecords, NumberLabel, QueryDateLabel, NameLabel, SexLabel, BirthDateLabel, IdNumberLabel, MadeAtLabel,
        VerificationCodeLabel, PageNumberTemplate, RecordsSentence, NoRecordsSentence, .. TableHeader, .. Notes,
    ];

    public static string Number(ReportNumber number) => NumberLabel + "：" + number.Value;

    public static string QueryDate(DateOnly date) => QueryDateLabel + "：" + CompactDate(date);

    /// <summary>
    /// The person and the period in one paragraph. Without records the sentence names the period without promising a
    /// list, and <see cref="NoRecords"/> follows where the table would be.
    /// </summary>
    public static string PersonParagraph(RecordsEFileContent content)
    {
        var sentence = content.Crossings.Count > 0 ? RecordsSentence : NoRecordsSentence;
        return Person(content.Holder)
            + string.Format(CultureInfo.InvariantCulture, sentence, SpacedDate(content.From), SpacedDate(content.To));
    }

    /// <summary>查询人姓名：…，性别：…，出生日期：…，公民身份号码：…，</summary>
    public static string Person(EFileHolder holder) =>
        $"{NameLabel}：{holder.Name.Value}，{SexLabel}：{holder.Sex.ChineseName()}，{BirthDateLabel}：{CompactDate(holder.BirthDate)}，{IdNumberLabel}：{holder.IdNumber.Value}，";

    public static string MadeAt(DateTimeOffset madeAt) =>
        MadeAtLabel + "：" + ChinaTime.ToChina(madeAt).ToString("yyyy'年'MM'月'dd'日'HH'时'mm'分'", CultureInfo.InvariantCulture);

    public static string CrossingTime(DateTimeOffset at) =>
        ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string PageNumber(int page, int pages) =>
        string.Format(CultureInfo.InvariantCulture, PageNumberFormat, page, pages);

    public static string VerificationCode(string code) => VerificationCodeLabel + "：" + code;

    public static string NoteNumber(int index) => string.Create(CultureInfo.InvariantCulture, $"{index + 1}.");

    /// <summary><c>2023年02月23日</c>, as the example writes the query and birth dates.</summary>
    public static string CompactDate(DateOnly date) => date.ToString("yyyy'年'MM'月'dd'日'", CultureInfo.InvariantCulture);

    /// <summary><c>2013 年 02 月 23 日</c>, as the example writes the period.</summary>
    private static string SpacedDate(DateOnly date) => date.ToString("yyyy' 年 'MM' 月 'dd' 日'", CultureInfo.InvariantCulture);

    /// <summary>The English of the bilingual e-file, all of it from the translations table (<see cref="English"/>).</summary>
    internal static class InEnglish
    {
        private static readonly CompositeFormat PageNumberFormat = CompositeFormat.Parse(English.Text(PageNumberTemplate));

        public static string Label(string chineseLabel, string value) => English.Text(chineseLabel) + ": " + value;

        public static string Number(ReportNumber number) => Label(NumberLabel, number.Value);

        public static string QueryDate(DateOnly date) => Label(QueryDateLabel, IsoDate(date));

        /// <summary>The person in English, the passport spelling beside the Chinese name when it is known.</summary>
        public static string Person(EFileHolder holder) =>
            $"{Label(NameLabel, holder.NameLatin is { } latin ? $"{latin.Value} ({holder.Name.Value})" : holder.Name.Value)}; "
            + $"{Label(SexLabel, English.Of(holder.Sex))}; {Label(BirthDateLabel, IsoDate(holder.BirthDate))}; {Label(IdNumberLabel, holder.IdNumber.Value)}.";

        public static string PersonParagraph(RecordsEFileContent content) =>
            Person(content.Holder) + " "
            + string.Format(CultureInfo.InvariantCulture, English.Text(content.Crossings.Count > 0 ? RecordsSentence : NoRecordsSentence),
                IsoDate(content.From), IsoDate(content.To));

        public static string MadeAt(DateTimeOffset madeAt) =>
            Label(MadeAtLabel, ChinaTime.ToChina(madeAt).ToString("yyyy'-'MM'-'dd' 'HH':'mm' (UTC+08:00)'", CultureInfo.InvariantCulture));

        public static string VerificationCode(string code) => Label(VerificationCodeLabel, code);

        /// <summary>第 N 页 共 M 页 / Page N of M.</summary>
        public static string PageNumber(int page, int pages) =>
            EFileText.PageNumber(page, pages) + " / " + string.Format(CultureInfo.InvariantCulture, PageNumberFormat, page, pages);

        public static string IsoDate(DateOnly date) => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
    }
}
