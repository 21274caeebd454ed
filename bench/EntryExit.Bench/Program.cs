using EntryExit.Bench;

// Usage: ./dev bench [--iterations 20] [--reports 40] [--efile-only]
var iterations = Option("--iterations", 20);
var reports = Option("--reports", 40);
var results = new List<BenchResult>();
results.AddRange(EFileBench.Run(iterations));
if (!args.Contains("--efile-only"))
{
    await using var stack = await BenchStack.StartAsync();
    results.AddRange(await QueryBench.RunAsync(stack, iterations));
    results.AddRange(await PipelineBench.RunAsync(stack, reports));
}

BenchResult.Print(results);

int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
