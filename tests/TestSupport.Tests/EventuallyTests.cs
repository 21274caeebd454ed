namespace EntryExit.TestSupport.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task Returns_once_the_condition_holds()
    {
        var calls = 0;
        await Eventually.UntilAsync(() => Task.FromResult(++calls >= 3), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        calls.Should().Be(3);
    }

    [Fact]
    public async Task Returns_the_first_non_null_value()
    {
        var calls = 0;
        var value = await Eventually.UntilAsync(() => Task.FromResult(++calls == 2 ? "ready" : null), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        value.Should().Be("ready");
    }

    [Fact]
    public async Task Times_out_with_the_reason()
    {
        var wait = () => Eventually.UntilAsync(() => Task.FromResult(false), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20), because: "the report is ready");
        await wait.Should().ThrowAsync<TimeoutException>().WithMessage("*the report is ready*");
    }

    [Fact]
    public void The_repository_root_holds_the_solution() =>
        File.Exists(Path.Combine(RepositoryRoot.Path, "Serverless.sln")).Should().BeTrue();
}
