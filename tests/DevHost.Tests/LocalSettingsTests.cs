using System.Text.Json.Nodes;
using EntryExit.TestSupport;

namespace EntryExit.DevHost.Tests;

/// <summary>local.settings.json as Core Tools reads it, in temp folders (the repository's file is never touched).</summary>
public sealed class LocalSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("devhost-settings-");
    private readonly string _prefix = "DevHostTest" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        foreach (var name in new[] { "Plain", "PresetInEnvironment", "Overridden" })
        {
            Environment.SetEnvironmentVariable($"{_prefix}__{name}", null);
        }

        Environment.SetEnvironmentVariable($"ConnectionStrings__{_prefix}", null);
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void The_repository_root_is_the_nearest_folder_above_with_the_solution()
    {
        var nested = _folder.CreateSubdirectory("a/b/c");
        File.WriteAllText(Path.Combine(_folder.FullName, LocalSettings.RootMarkerFileName), "");

        LocalSettings.FindRepositoryRoot(nested.FullName).Should().Be(_folder.FullName);
        LocalSettings.FindRepositoryRoot(null, nested.FullName).Should().Be(_folder.FullName, "the next start is tried when one is missing");
        LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory).Should().Be(RepositoryRoot.Path);
    }

    [Fact]
    public void A_missing_settings_file_is_created_from_the_sample_and_an_existing_one_is_kept()
    {
        var settings = Path.Combine(_folder.FullName, LocalSettings.FileName);
        File.WriteAllText(Path.Combine(_folder.FullName, LocalSettings.SampleFileName), """{ "Values": { "A": "sample" } }""");

        var createdFrom = LocalSettings.EnsureExists(settings, repositoryRoot: null);
        File.WriteAllText(settings, """{ "Values": { "A": "edited" } }""");
        var second = LocalSettings.EnsureExists(settings, repositoryRoot: null);

        createdFrom.Should().Be(Path.Combine(_folder.FullName, LocalSettings.SampleFileName));
        second.Should().BeNull();
        LocalSettings.Read(settings)["A"].Should().Be("edited");
    }

    [Fact]
    public void Without_a_sample_beside_it_the_repository_sample_is_copied()
    {
        var settings = Path.Combine(_folder.FullName, LocalSettings.FileName);

        LocalSettings.EnsureExists(settings, RepositoryRoot.Path);

        File.ReadAllText(settings).Should().Be(File.ReadAllText(Path.Combine(RepositoryRoot.Path, LocalSettings.SampleFileName)));
    }

    [Fact]
    public void Values_and_connection_strings_are_read_and_only_unset_variables_are_applied()
    {
        var settings = Path.Combine(_folder.FullName, LocalSettings.FileName);
        File.WriteAllText(settings, $$"""
            {
              "IsEncrypted": false,
              "Values": { "{{_prefix}}__Plain": "from-file", "{{_prefix}}__PresetInEnvironment": "from-file", "{{_prefix}}__Overridden": 7 },
              "ConnectionStrings": { "{{_prefix}}": "Server=nowhere" }
            }
            """);
        Environment.SetEnvironmentVariable($"{_prefix}__PresetInEnvironment", "from-environment");

        var values = LocalSettings.Read(settings);
        var applied = LocalSettings.ApplyToEnvironment(values);

        values[$"{_prefix}__Overridden"].Should().Be("7", "numbers are taken as their text");
        applied.Should().BeEquivalentTo([$"{_prefix}__Plain", $"{_prefix}__Overridden", $"ConnectionStrings__{_prefix}"]);
        Environment.GetEnvironmentVariable($"{_prefix}__Plain").Should().Be("from-file");
        Environment.GetEnvironmentVariable($"{_prefix}__PresetInEnvironment").Should().Be("from-environment");
        Environment.GetEnvironmentVariable($"ConnectionStrings__{_prefix}").Should().Be("Server=nowhere");
    }

    [Fact]
    public void An_encrypted_settings_file_is_refused_with_a_clear_message()
    {
        var settings = Path.Combine(_folder.FullName, LocalSettings.FileName);
        File.WriteAllText(settings, """{ "IsEncrypted": true, "Values": { "A": "x" } }""");

        var act = () => LocalSettings.Read(settings);

        act.Should().Throw<InvalidOperationException>().WithMessage("*encrypted*");
    }

    [Fact]
    public async Task The_host_creates_its_settings_file_and_ranks_overrides_over_environment_over_file()
    {
        // The repository's sample (so the app's own registration finds what it needs) plus values of this test.
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, LocalSettings.SampleFileName)))!;
        sample["Values"]![$"{_prefix}__Plain"] = "from-file";
        sample["Values"]![$"{_prefix}__PresetInEnvironment"] = "from-file";
        sample["Values"]![$"{_prefix}__Overridden"] = "from-file";
        File.WriteAllText(Path.Combine(_folder.FullName, LocalSettings.SampleFileName), sample.ToJsonString());
        Environment.SetEnvironmentVariable($"{_prefix}__PresetInEnvironment", "from-environment");
        var settings = Path.Combine(_folder.FullName, LocalSettings.FileName);

        await using var app = DevHostApp.Build(
            ["--settings", settings],
            new Dictionary<string, string?> { ["DevHost:Urls"] = "http://127.0.0.1:0", [$"{_prefix}:Overridden"] = "from-override" },
            functionTypes: []);

        File.Exists(settings).Should().BeTrue();
        app.Configuration[$"{_prefix}:Plain"].Should().Be("from-file", "Section__Key in Values reads as Section:Key");
        app.Configuration[$"{_prefix}:PresetInEnvironment"].Should().Be("from-environment");
        app.Configuration[$"{_prefix}:Overridden"].Should().Be("from-override");
    }
}
