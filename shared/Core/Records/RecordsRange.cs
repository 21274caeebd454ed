using EntryExit.Core.Problems;
using EntryExit.Core.Time;

namespace EntryExit.Core.Records;

/// <summary>
/// The chosen period of a records query, in China calendar days, both ends inclusive. Presets end today;
/// nothing reaches back further than ten years online (SPEC §2.3).
/// </summary>
public sealed record RecordsRange(string Code, DateOnly From, DateOnly To)
{
    public const int OnlineYears = 10;

    /// <summary>The first instant of <see cref="From"/> in China.</summary>
    public DateTimeOffset Start => ChinaTime.StartOf(From);

    /// <summary>The first instant after <see cref="To"/> in China.</summary>
    public DateTimeOffset End => ChinaTime.StartOf(To.AddDays(1));

    public static DateOnly EarliestOnline(DateOnly today) => today.AddYears(-OnlineYears);

    public static Result<RecordsRange> Resolve(string? code, DateOnly? from, DateOnly? to, DateOnly today)
    {
        var preset = code switch
        {
            "3m" => today.AddMonths(-3),
            "1y" => today.AddYears(-1),
            "5y" => today.AddYears(-5),
            "10y" => today.AddYears(-10),
            _ => (DateOnly?)null,
        };
        if (preset is { } start)
        {
            return new RecordsRange(code!, start, today);
        }

        if (code is null)
        {
            return ApiProblems.InvalidRange("range", "请选择查询范围：三个月、一年、五年、十年或自定义。");
        }

        if (code != "custom")
        {
            return ApiProblems.InvalidRange("range", "查询范围须为 3m、1y、5y、10y 或 custom。");
        }

        if (from is null)
        {
            return ApiProblems.InvalidRange("from", "自定义查询范围须填写开始日期。");
        }

        if (to is null)
        {
            return ApiProblems.InvalidRange("to", "自定义查询范围须填写结束日期。");
        }

        if (to > today)
        {
            return ApiProblems.InvalidRange("to", "结束日期不能晚于今天。");
        }

        if (from > to)
        {
            return ApiProblems.InvalidRange("from", "开始日期不能晚于结束日期。");
        }

        if (from < EarliestOnline(today))
        {
            return ApiProblems.RangeExceedsOnlineLimit();
        }

        return new RecordsRange(code, from.Value, to.Value);
    }
}
