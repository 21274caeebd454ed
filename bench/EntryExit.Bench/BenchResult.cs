using System.Globalization;

namespace EntryExit.Bench;

/// <summary>One measured figure and the target it is held to.</summary>
public sealed record BenchResult(string Name, double Value, string Unit, string Target, bool Met)
{
    public static double Median(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static void Print(IReadOnlyList<BenchResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-58} {"value",12}  {"target",-14} met");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-58} {r.Value,9:0.0} {r.Unit,-3} {r.Target,-14} {(r.Met ? "yes" : "NO")}"));
        }
    }
}
