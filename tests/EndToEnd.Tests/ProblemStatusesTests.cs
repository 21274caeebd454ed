using System.Reflection;
using System.Text.RegularExpressions;
using EntryExit.Core.Problems;
using EntryExit.Functions.Http;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Core names problems by code; <see cref="ProblemStatuses"/> is the one table that gives each its HTTP status and
/// title. Every code Core or a function can produce has a row, and every row is a code something produces.
/// </summary>
public sealed partial class ProblemStatusesTests
{
    private static readonly string[] SourceFolders = ["shared/Core", "functions"];

    [Fact]
    public void Every_problem_of_the_catalogue_has_a_status_and_a_title()
    {
        var codes = typeof(ApiProblems).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Problem) && m.GetParameters().All(p => p.Name != "code"))
            .Select(m => ((Problem)m.Invoke(null, [.. m.GetParameters().Select(Dummy)])!).Code)
            .ToList();

        codes.Should().HaveCountGreaterThan(25);
        codes.Should().OnlyContain(code => ProblemStatuses.Codes.Contains(code));
    }

    [Fact]
    public void Every_code_named_in_the_source_has_a_row_and_every_row_is_named_in_the_source()
    {
        var sources = SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.EndsWith(nameof(ProblemStatuses) + ".cs", StringComparison.Ordinal))
            .ToList();
        var produced = sources
            .SelectMany(path => (Path.GetFileName(path) == nameof(ApiProblems) + ".cs" ? CatalogueCode() : FieldCode()).Matches(File.ReadAllText(path)))
            .Select(m => m.Groups["code"].Value)
            .ToHashSet();

        produced.Should().Contain(["invalid_kind", "invalid_document", "empty_import", "import_not_found"]);
        produced.Should().OnlyContain(code => ProblemStatuses.Codes.Contains(code), "a code without a row would answer 500");
        ProblemStatuses.Codes.Should().OnlyContain(code => produced.Contains(code), "a row no code uses is dead");
    }

    [Theory]
    [InlineData("invalid_id_number", 400)]
    [InlineData("token_invalid", 401)]
    [InlineData("report_not_found", 404)]
    [InlineData("verification_used", 409)]
    [InlineData("payload_too_large", 413)]
    [InlineData("counter_required", 422)]
    [InlineData("report_quota_exceeded", 429)]
    [InlineData("internal_error", 500)]
    [InlineData("face_unavailable", 503)]
    public void A_code_answers_with_its_status(string code, int status) => ProblemStatuses.Of(code).Status.Should().Be(status);

    [Fact]
    public void A_code_without_a_row_is_a_programming_error_not_a_guess() =>
        FluentActions.Invoking(() => ProblemStatuses.Of("no_such_code")).Should().Throw<InvalidOperationException>().WithMessage("*no_such_code*");

    private static object Dummy(ParameterInfo parameter) => parameter.ParameterType == typeof(int) ? 1 : "x";

    // In the catalogue: new("code", …) and Validation("code", …).
    [GeneratedRegex("""(?:new|Validation)\(\s*"(?<code>[a-z][a-z_]+)",""")]
    private static partial Regex CatalogueCode();

    // Elsewhere: a field's own code, InvalidField("code", …).
    [GeneratedRegex("""InvalidField\(\s*"(?<code>[a-z][a-z_]+)",""")]
    private static partial Regex FieldCode();
}
