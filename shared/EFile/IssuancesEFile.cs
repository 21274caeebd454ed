using System.Globalization;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Translations;
using EntryExit.EFile.Layout;
using PdfSharp.Pdf;

namespace EntryExit.EFile;

/// <summary>
/// The passport issuances e-file (护照签发记录查询结果（电子文件）, SPEC §2.4): laid out like the records e-file, with a
/// table of passports whose last column repeats the citizen's ID number on every row.
/// </summary>
internal static class IssuancesEFile
{
    public const string DocumentName = "护照签发记录查询结果（电子文件）";
    public const string Creator = "国家移民管理局护照签发记录查询系统";
    public const string NoPassports = "其本人名下无护照签发记录。";

    public const string PassportsSentence = "通过国家移民管理局护照签发记录查询系统查询，其本人名下有下列护照签发记录：";
    public const string NoPassportsSentence = "通过国家移民管理局护照签发记录查询系统查询，结果如下：";

    public static readonly IReadOnlyList<string> TableHeader = ["序号", "护照号码", "签发日期", "有效期至", "签发机关", "状态", "公民身份号码"];

    /// <summary>The notes of the guide, naming this e-file's system.</summary>
    public static readonly IReadOnlyList<string> Notes =
        [.. EFileText.Notes.Select(note => note.Replace("出入境记录查询系统", "护照签发记录查询系统", StringComparison.Ordinal))];

    /// <summary>Shares of the width: an 18-character ID number and 公安部出入境管理局 fit on one line.</summary>
    private static readonly double[] ColumnShares = [0.07, 0.12, 0.12, 0.12, 0.28, 0.08, 0.21];

    /// <summary>Every fixed Chinese text of this e-file: each has its English in the translations table.</summary>
    public static IEnumerable<string> FixedTexts => [DocumentName, NoPassports, PassportsSentence, NoPassportsSentence, .. TableHeader, .. Notes];

    public static Task<PdfDocument> BuildAsync(IssuancesEFileContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var style = new EFileStyle();
        var heading = EFileHeading.Of(DocumentName, Creator, content.Issue);
        return RecordsEFile.BuildAsync(style, heading, Flow(style, content), cancellationToken);
    }

    public static string PersonParagraph(IssuancesEFileContent content) =>
        EFileText.Person(content.Holder)
        + (content.Passports.Count > 0 ? PassportsSentence : NoPassportsSentence);

    private static string EnglishPersonParagraph(IssuancesEFileContent content) =>
        EFileText.InEnglish.Person(content.Holder) + " "
        + English.Text(content.Passports.Count > 0 ? PassportsSentence : NoPassportsSentence);

    private static IEnumerable<IFlowBlock> Flow(EFileStyle style, IssuancesEFileContent content)
    {
        var bilingual = content.Issue.Language == Language.ZhEn;
        var (body, english) = (style.Body, style.BodyEnglish);
        yield return new TextLineBlock(body, EFileText.Number(content.Issue.Number), EFilePage.Left);
        if (bilingual)
        {
            yield return new TextLineBlock(english, EFileText.InEnglish.Number(content.Issue.Number), EFilePage.Left);
        }

        yield return new TextLineBlock(body, EFileText.QueryDate(content.Issue.QueryDate), EFilePage.Left);
        if (bilingual)
        {
            yield return new TextLineBlock(english, EFileText.InEnglish.QueryDate(content.Issue.QueryDate), EFilePage.Left);
        }

        yield return new SpaceBlock(RecordsEFile.ParagraphGap);
        foreach (var block in RecordsEFile.Lines(body, PersonParagraph(content), EFilePage.Left))
        {
            yield return block;
        }

        if (bilingual)
        {
            foreach (var block in RecordsEFile.Lines(english, EnglishPersonParagraph(content), EFilePage.Left))
            {
                yield return block;
            }
        }

        yield return new SpaceBlock(RecordsEFile.ParagraphGap);
        if (content.Passports.Count == 0)
        {
            yield return new TextLineBlock(body, NoPassports, EFilePage.Left);
            if (bilingual)
            {
                yield return new TextLineBlock(english, English.Text(NoPassports), EFilePage.Left);
            }
        }
        else
        {
            var table = new RecordsTable(style, ColumnShares, TableHeader, bilingual ? [.. TableHeader.Select(English.Text)] : null,
                Rows(content, bilingual), content.Passports.Count, EFilePage.Left, EFilePage.ContentWidth);
            foreach (var row in table.Rows)
            {
                yield return row;
            }
        }

        foreach (var block in RecordsEFile.Closing(style, Notes, content.Issue.MadeAt, bilingual))
        {
            yield return block;
        }
    }

    /// <summary>In a bilingual e-file the dates are ISO already; authority and status get their English.</summary>
    private static IEnumerable<TableRow> Rows(IssuancesEFileContent content, bool bilingual)
    {
        var id = content.Holder.IdNumber.Value;
        for (var i = 0; i < content.Passports.Count; i++)
        {
            var passport = content.Passports[i];
            string[] cells =
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                passport.PassportNumber,
                Date(passport.IssuedOn),
                Date(passport.ExpiresOn),
                passport.IssuingAuthority,
                passport.Status.ChineseName(),
                id,
            ];
            yield return bilingual
                ? new TableRow(cells, [null, null, null, null, English.Authority(passport.IssuingAuthority), English.Of(passport.Status), null])
                : new TableRow(cells);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
