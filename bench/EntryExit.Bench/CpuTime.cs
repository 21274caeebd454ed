using System.Globalization;

namespace EntryExit.Bench;

/// <summary>
/// CPU time (user + system) of this process and of its child processes (Azurite runs under a watchdog shell, so
/// children means the whole tree below us), from /proc: where a stage's time goes, ours or the storage emulator's.
/// </summary>
public readonly record struct CpuTime(TimeSpan Self, TimeSpan Children)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuTime Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        var self = Environment.ProcessId;
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Read(pid) is not { } stat)
            {
                continue;
            }

            parents[pid] = stat.Parent;
            cpu[pid] = stat.Seconds;
        }

        var children = cpu.Keys.Where(pid => pid != self && DescendsFrom(pid, self, parents)).Sum(pid => cpu[pid]);
        return new CpuTime(TimeSpan.FromSeconds(cpu.GetValueOrDefault(self)), TimeSpan.FromSeconds(children));
    }

    public static CpuTime operator -(CpuTime after, CpuTime before) => new(after.Self - before.Self, after.Children - before.Children);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CPU: bench + host {Self.TotalMilliseconds:0} ms, Azurite {Children.TotalMilliseconds:0} ms");

    private static bool DescendsFrom(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent) && parent > 1; hops++)
        {
            if (parent == ancestor)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static (int Parent, double Seconds)? Read(int pid)
    {
        try
        {
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // the process ended while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
