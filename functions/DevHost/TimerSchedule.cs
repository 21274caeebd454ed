using System.Globalization;
using NCrontab;

namespace EntryExit.DevHost;

/// <summary>
/// A timer trigger's schedule: a five- or six-field NCRONTAB expression (six = with seconds, as the
/// Functions host reads them) or a TimeSpan interval (App Service plans allow <c>hh:mm:ss</c>).
/// </summary>
internal sealed class TimerSchedule
{
    private readonly Func<DateTime, DateTime> _next;

    private TimerSchedule(Func<DateTime, DateTime> next) => _next = next;

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTime Next(DateTime after) => _next(after);

    /// <summary>Parses the expression or throws <see cref="FormatException"/> saying what was expected.</summary>
    public static TimerSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        if (fields is 5 or 6)
        {
            // NCrontab reads five fields unless told otherwise; the Functions host's usual form has six.
            var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
                ?? throw new FormatException($"'{expression}' is not a valid {fields}-field NCRONTAB expression.");
            return new TimerSchedule(cron.GetNextOccurrence);
        }

        if (fields == 1 && TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(after => after + interval);
        }

        throw new FormatException($"'{expression}' is neither a 5/6-field NCRONTAB expression nor a positive TimeSpan.");
    }
}
