using System.Text.RegularExpressions;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// No code under <c>functions/</c> or <c>shared/</c> blocks a thread on a task or a wait handle (issue 12 point 2): the
/// development host alone may, as it reads finished tasks' results by reflection. The check reads the source as text:
/// comment lines are skipped, and every other occurrence of the patterns below counts, with no list of exceptions. To
/// make that exact, <c>.Result</c> always means a task's result: the two JSON bodies with a <c>result</c> member name
/// it otherwise in C# (<c>LivenessAnswer.ClientResult</c>, the Face attempt's <c>Outcome</c>), and so must any new one.
/// </summary>
public sealed partial class NoSynchronousWaitsTests
{
    private static readonly string[] SourceFolders = ["functions", "shared"];

    [Fact]
    public void Nothing_outside_the_development_host_waits_synchronously()
    {
        var waits = SourceFiles()
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, number: index + 1)))
            .Where(l => IsSynchronousWait(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        SourceFiles().Should().HaveCountGreaterThan(200, "the scan must see the source it guards");
        waits.Should().BeEmpty("await instead: a blocked thread is a thread the host cannot use");
    }

    [Theory]
    [InlineData("var pdf = renderTask.Result;")]
    [InlineData("return load(key).Result.Pdf;")]
    [InlineData("if (task is { Result: var value })")]
    [InlineData("task.Wait();")]
    [InlineData("gate.Wait(TimeSpan.FromSeconds(1));")]
    [InlineData("SendAsync(message).GetAwaiter().GetResult();")]
    [InlineData("Task.WaitAll(pending);")]
    [InlineData("Task.WaitAny(first, second);")]
    [InlineData("((IAsyncResult)task).AsyncWaitHandle.WaitOne();")]
    [InlineData("_pipeline.Send(message, CancellationToken.None);")]
    public void Each_kind_of_synchronous_wait_is_recognised(string line) => IsSynchronousWait(line).Should().BeTrue();

    [Theory]
    [InlineData("var result = await renderTask;")]
    [InlineData("await _gate.WaitAsync(cancellationToken);")]
    [InlineData("await Task.WhenAll(pending);")]
    [InlineData("await _pipeline.SendAsync(message, cancellationToken);")]
    [InlineData("public sealed record LivenessAnswer(string? ClientResult);")]
    [InlineData("return Result<AccessToken>.Success(token);")]
    [InlineData("var verify = last?.Outcome?.VerifyResult ?? last?.VerifyResult;")]
    [InlineData("/// The drawing awaits instead of calling .Wait() or .Result.")]
    [InlineData("// Task.WaitAll would block here.")]
    public void Awaits_and_other_names_are_not_waits(string line) => IsSynchronousWait(line).Should().BeFalse();

    private static bool IsSynchronousWait(string line) =>
        !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && SynchronousWait().IsMatch(line);

    private static List<string> SourceFiles() =>
        [.. SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsSkipped(Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/')))];

    /// <summary>The development host, and build output wherever it lies.</summary>
    private static bool IsSkipped(string relative) =>
        relative.StartsWith("functions/DevHost/", StringComparison.Ordinal) || relative.Split('/').Any(part => part is "bin" or "obj");

    // .Result (a task's result, also in a property pattern { Result: … }), .Wait(…), .GetAwaiter().GetResult(),
    // WaitAll/WaitAny, WaitOne (wait handles), and a synchronous send through an Azure.Core pipeline or an HttpClient.
    [GeneratedRegex("""\.Result\b|[{,]\s*Result\s*:|\.Wait\(|GetAwaiter\(\)\s*\.\s*GetResult\(|\bWait(All|Any)\(|\bWaitOne\(|\.Send\(""")]
    private static partial Regex SynchronousWait();
}
