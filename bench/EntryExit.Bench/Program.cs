using EntryExit.Bench;
using EntryExit.TestSupport;

// Usage: ./dev bench [--iterations 20] [--reports 40] [--fuzz 20000] [--efile-only | --hostile-only | --faults-only | --cold-start-only | --query-only] [--cold-runs 5]
//                    [--fault-reports 40] [--fault-kills 3] [--devhost path/to/EntryExit.DevHost.dll]
var iterations = Option("--iterations", 20);
var reports = Option("--reports", 40);
var coldRuns = Option("--cold-runs", 5);
var fuzz = Option("--fuzz", 20_000);
var faultReports = Option("--fault-reports", 40);
var faultKills = Option("--fault-kills", 3);
var results = new List<BenchResult>();
var release = Path.Combine(RepositoryRoot.Path, "functions", "DevHost", "bin", "Release", "net10.0", "EntryExit.DevHost.dll");
if (args.Contains("--hostile-only"))
{
    // Issue 11's figures alone: the 20 MB adversarial uploads and the fuzz round.
    await using var hostile = await BenchStack.StartAsync();
    results.AddRange(await HostileInputBench.RunAsync(hostile, fuzz));
    BenchResult.Print(results);
    return;
}

if (args.Contains("--query-only"))
{
    // Issue 4's figures alone: import throughput (first time and again) and the commuter's 10-year query.
    await using var query = await BenchStack.StartAsync();
    results.AddRange(await QueryBench.RunAsync(query, iterations));
    BenchResult.Print(results);
    return;
}

if (args.Contains("--faults-only"))
{
    // Issue 11, point 8 alone: the host killed, Azurite paused, SMTP refused, each mid-pipeline (FaultBench).
    results.AddRange(await FaultBench.RunAsync(release, faultReports, faultKills));
    BenchResult.Print(results);
    return;
}

var coldStartOnly = args.Contains("--cold-start-only");
if (!coldStartOnly)
{
    results.AddRange(await EFileBench.RunAsync(iterations));
}

if (!args.Contains("--efile-only"))
{
    // A fresh process per run: the Release build, and (when ./dev bench has published it) the ReadyToRun publish Flex gets.
    results.AddRange(await ColdStartBench.RunAsync(release, "JIT", coldRuns));
    var readyToRun = args.SkipWhile(a => a != "--devhost").Skip(1).FirstOrDefault();
    if (readyToRun is not null)
    {
        results.AddRange(await ColdStartBench.RunAsync(Path.GetFullPath(readyToRun), "ReadyToRun", coldRuns));
    }

    if (coldStartOnly)
    {
        BenchResult.Print(results);
        return;
    }

    await using var stack = await BenchStack.StartAsync();
    results.AddRange(await QueryBench.RunAsync(stack, iterations));
    results.AddRange(await PipelineBench.RunAsync(stack, reports));
    results.AddRange(await FaultBench.RunAsync(release, faultReports, faultKills));
    // The fuzz round streams its requests (it once held all of them: ≈ 14 GB resident for 20,000); --fuzz 0 skips it.
    results.AddRange(await HostileInputBench.RunAsync(stack, fuzz));
}

BenchResult.Print(results);

int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
