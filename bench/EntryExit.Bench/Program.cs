using EntryExit.Bench;

// Usage: dotnet run -c Release --project bench/EntryExit.Bench [-- --iterations 20]
var iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(int.Parse).FirstOrDefault(20);
await using var stack = await BenchStack.StartAsync();
var results = new List<BenchResult>();
results.AddRange(await QueryBench.RunAsync(stack, iterations));
BenchResult.Print(results);
