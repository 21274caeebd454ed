using System.Text.Json.Nodes;
using EntryExit.Infra.Tests.Support;

namespace EntryExit.Infra.Tests;

/// <summary>The Bicep compiles and lints clean, with the important lint rules raised to errors by bicepconfig.json.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BicepToolingTests(CompiledInfrastructure infra)
{
    private static readonly string[] MainFile = ["infra/main.bicep"];

    [Fact]
    public void Main_builds_without_errors_or_warnings()
    {
        infra.Build.ExitCode.Should().Be(0);
        infra.Build.StandardError.Trim().Should().BeEmpty("bicep build prints warnings and errors on stderr");
    }

    [Fact]
    public void Main_and_every_module_lint_clean()
    {
        var files = MainFile
            .Concat(Directory.GetFiles(Repository.PathOf("infra", "modules"), "*.bicep").Order(StringComparer.Ordinal)
                .Select(f => Path.GetRelativePath(Repository.Root, f)));
        foreach (var file in files)
        {
            var lint = BicepCli.Run("lint", file);
            lint.ExitCode.Should().Be(0, $"bicep lint {file}: {lint}");
            (lint.StandardOutput + lint.StandardError).Should().NotContainAny(["Warning", "Error"], $"bicep lint {file} must be silent");
        }
    }

    [Theory]
    [InlineData("no-hardcoded-env-urls")]
    [InlineData("no-unused-params")]
    [InlineData("no-unused-vars")]
    [InlineData("no-unused-existing-resources")]
    [InlineData("no-unnecessary-dependson")]
    [InlineData("outputs-should-not-contain-secrets")]
    [InlineData("secure-parameter-default")]
    [InlineData("secure-secrets-in-params")]
    [InlineData("use-secure-value-for-secure-inputs")]
    [InlineData("protect-commandtoexecute-secrets")]
    [InlineData("use-resource-symbol-reference")]
    [InlineData("use-stable-resource-identifiers")]
    [InlineData("what-if-short-circuiting")]
    public void Bicepconfig_raises_the_important_rules_to_error(string rule)
    {
        var config = JsonNode.Parse(File.ReadAllText(Repository.PathOf("bicepconfig.json")))!;
        ((string?)config["analyzers"]?["core"]?["rules"]?[rule]?["level"]).Should().Be("error");
    }

    [Fact]
    public void Lint_fails_on_a_rule_raised_to_error()
    {
        // Under the repository root, so the root bicepconfig.json applies; .data/ is git-ignored.
        var directory = Repository.PathOf(".data", "infra-tests");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"violation-{Guid.NewGuid():N}.bicep");
        File.WriteAllText(file, "param unused string\n\noutput answer int = 42\n");
        try
        {
            var lint = BicepCli.Run("lint", file);
            lint.ExitCode.Should().NotBe(0, lint.ToString());
            lint.StandardError.Should().Contain("no-unused-params");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
