namespace EntryExit.DevHost.Tests;

public sealed class TimerScheduleTests
{
    private static readonly DateTime Ten = new(2026, 3, 1, 10, 0, 0);

    [Fact]
    public void Six_fields_start_with_seconds()
    {
        TimerSchedule.Parse("*/5 * * * * *").Next(Ten).Should().Be(Ten.AddSeconds(5));
        TimerSchedule.Parse("0 30 2 * * *").Next(Ten).Should().Be(new DateTime(2026, 3, 2, 2, 30, 0));
    }

    [Fact]
    public void Five_fields_start_with_minutes()
    {
        TimerSchedule.Parse("*/5 * * * *").Next(Ten).Should().Be(Ten.AddMinutes(5));
    }

    [Fact]
    public void A_timespan_is_an_interval()
    {
        TimerSchedule.Parse("00:00:30").Next(Ten).Should().Be(Ten.AddSeconds(30));
    }

    [Fact]
    public void The_next_occurrence_after_a_due_time_is_the_following_slot()
    {
        // The scheduler asks for Next(due), never Next(now): a wake-up a little early cannot fire one slot twice.
        var schedule = TimerSchedule.Parse("*/1 * * * * *");
        var due = schedule.Next(Ten.AddMilliseconds(-3));

        due.Should().Be(Ten);
        schedule.Next(due).Should().Be(Ten.AddSeconds(1));
    }

    [Theory]
    [InlineData("every day")]
    [InlineData("* * *")]
    [InlineData("61 * * * * *")]
    [InlineData("-00:00:30")]
    public void Anything_else_is_a_format_error(string expression)
    {
        var act = () => TimerSchedule.Parse(expression);

        act.Should().Throw<FormatException>();
    }
}
