using System.Globalization;
using EntryExit.Core.Documents;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
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

    public static readonly IReadOnlyList<string> TableHeader = ["序号", "护照号码", "签发日期", "有效期至", "签发机关", "状态", "公民身份号码"];

    /// <summary>The notes of the guide, naming this e-file's system.</summary>
    public static readonly IReadOnlyList<string> Notes =
        [.. EFileText.Notes.Select(note => note.Replace("出入境记录查询系统", "护照签发记录查询系统", StringComparison.Ordinal))];

    /// <summary>Shares of the width: an 18-character ID number and 公安部出入境管理局 fit on one line.</summary>
    private static readonly double[] ColumnShares = [0.07, 0.12, 0.12, 0.12, 0.28, 0.08, 0.21];

    public static PdfDocument Build(IssuancesEFileContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var style = new EFileStyle();
        var heading = new EFileHeading(DocumentName, Creator, content.Number, content.MadeAt, content.VerificationCode, content.VerificationUrl);
        return RecordsEFileRenderer.Build(style, heading, Flow(style, content));
    }

    public static string PersonParagraph(IssuancesEFileContent content) =>
        $"查询人姓名：{content.Name.Value}，性别：{content.Sex.ChineseName()}，出生日期：{EFileText.CompactDate(content.BirthDate)}，"
        + $"公民身份号码：{content.IdNumber.Value}，通过国家移民管理局护照签发记录查询系统查询，"
        + (content.Passports.Count > 0 ? "其本人名下有下列护照签发记录：" : "结果如下：");

    private static IEnumerable<IFlowBlock> Flow(EFileStyle style, IssuancesEFileContent content)
    {
        var body = style.Body;
        yield return new TextLineBlock(body, EFileText.Number(content.Number), EFilePage.Left);
        yield return new TextLineBlock(body, EFileText.QueryDate(content.QueryDate), EFilePage.Left);
        yield return new SpaceBlock(RecordsEFileRenderer.ParagraphGap);
        foreach (var line in body.Wrap(PersonParagraph(content), EFilePage.ContentWidth))
        {
            yield return new TextLineBlock(body, line, EFilePage.Left);
        }

        yield return new SpaceBlock(RecordsEFileRenderer.ParagraphGap);
        if (content.Passports.Count == 0)
        {
            yield return new TextLineBlock(body, NoPassports, EFilePage.Left);
        }
        else
        {
            var table = new RecordsTable(style, ColumnShares, TableHeader, Rows(content), content.Passports.Count, EFilePage.Left, EFilePage.ContentWidth);
            foreach (var row in table.Rows)
            {
                yield return row;
            }
        }

        foreach (var block in RecordsEFileRenderer.Closing(style, Notes, content.MadeAt))
        {
            yield return block;
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(IssuancesEFileContent content)
    {
        var id = content.IdNumber.Value;
        for (var i = 0; i < content.Passports.Count; i++)
        {
            var passport = content.Passports[i];
            yield return
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                passport.PassportNumber,
                Date(passport.IssuedOn),
                Date(passport.ExpiresOn),
                passport.IssuingAuthority,
                passport.Status.ChineseName(),
                id,
            ];
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
