using EntryExit.EFile.Layout;

namespace EntryExit.EFile.Tests;

public sealed class TextWrapperTests
{
    /// <summary>Full-width characters 2 units, everything else 1, like a monospaced CJK font.</summary>
    private static readonly MeasureText Cells = text =>
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += TextWrapper.IsCjk(rune) ? 2 : 1;
        }

        return width;
    };

    private static IReadOnlyList<string> Wrap(string text, double width) => TextWrapper.Wrap(text, width, Cells);

    [Fact]
    public void Chinese_breaks_between_any_two_characters()
    {
        Wrap("国家移民管理局出入境记录", 10).Should().Equal("国家移民管", "理局出入境", "记录");
    }

    [Fact]
    public void Latin_words_and_numbers_stay_whole()
    {
        Wrap("号码650102198506151232，查询", 20).Should().Equal("号码", "650102198506151232，", "查询");
        Wrap("PDF格式的数据电文", 9).Should().Equal("PDF格式的", "数据电文");
        Wrap("at the Lo Wu port", 10).Should().Equal("at the Lo", "Wu port");
    }

    [Fact]
    public void Closing_marks_never_start_a_line_and_opening_marks_never_end_one()
    {
        Wrap("查询人姓名：张三，性别：男", 10).Should().Equal("查询人姓", "名：张三，", "性别：男");
        Wrap("平台（https://z.nia.gov.cn）下载", 25).Should().Equal("平台", "（https://z.nia.gov.cn）", "下载");
    }

    [Fact]
    public void Spaces_are_break_points_that_vanish_at_line_ends()
    {
        Wrap("其本人在 2013 年 02 月 23 日至", 12).Should().Equal("其本人在", "2013 年 02", "月 23 日至");
    }

    [Fact]
    public void A_piece_wider_than_the_line_is_cut_by_characters()
    {
        Wrap("ABCDEFGHIJKL", 5).Should().Equal("ABCDE", "FGHIJ", "KL");
    }

    [Fact]
    public void Characters_outside_the_basic_plane_are_never_split()
    {
        var lines = Wrap("𠮷𠮷𠮷𠮷𠮷", 4);

        lines.Should().Equal("𠮷𠮷", "𠮷𠮷", "𠮷");
    }

    [Fact]
    public void Empty_text_and_explicit_line_ends_give_their_own_lines()
    {
        Wrap(string.Empty, 10).Should().Equal(string.Empty);
        Wrap("第一行\n\n第三行", 20).Should().Equal("第一行", string.Empty, "第三行");
    }

    [Fact]
    public void No_line_is_wider_than_the_width_when_every_piece_fits()
    {
        var text = string.Concat(Enumerable.Repeat("本电子文件由国家移民管理局出入境记录查询系统自动生成，因数据采集、传输、处理等原因，可能存在差错或者缺漏。PDF 2023-02-23 ", 4));

        foreach (var width in new[] { 20.0, 31, 47, 80 })
        {
            var lines = Wrap(text, width);
            lines.Should().OnlyContain(line => Cells(line) <= width);
            PdfFiles.Squeeze(string.Concat(lines)).Should().Be(PdfFiles.Squeeze(text));
        }
    }
}
