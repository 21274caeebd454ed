using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EntryExit.Infra.Tests.Support;

namespace EntryExit.Infra.Tests;

/// <summary>azure.yaml, main.parameters.json and the postprovision hook agree with main.bicep.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class DeploymentFilesTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Parameters_file_names_only_parameters_of_main_and_every_required_one()
    {
        var file = JsonNode.Parse(File.ReadAllText(Repository.PathOf("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = infra.Main.Json["parameters"]!.AsObject();
        file.Select(p => p.Key).Should().BeSubsetOf(declared.Select(p => p.Key));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        file.Select(p => p.Key).Should().Contain(required);
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_folder_as_the_service_the_app_is_tagged_with()
    {
        var yaml = File.ReadAllText(Repository.PathOf("azure.yaml"));
        var service = ServiceBlock().Match(yaml);
        service.Success.Should().BeTrue("azure.yaml has one service under services:");
        service.Groups["body"].Value.Should().Contain("project: ./functions").And.Contain("language: dotnet").And.Contain("host: function");
        ((string?)infra.FunctionApp.Parameter("serviceName")).Should().Be(service.Groups["name"].Value,
            "azd finds the app by its azd-service-name tag");
        File.Exists(Repository.PathOf("functions", "EntryExit.Functions.csproj")).Should().BeTrue();
    }

    [Fact]
    public void The_function_app_is_published_ReadyToRun_for_Flex_and_exports_OpenTelemetry()
    {
        var project = System.Xml.Linq.XDocument.Load(Repository.PathOf("functions", "EntryExit.Functions.csproj")).Root!;
        var publishing = project.Elements("PropertyGroup")
            .Should().ContainSingle(g => ((string?)g.Attribute("Condition") ?? "").Contains("'$(_IsPublishing)' == 'true'", StringComparison.Ordinal),
                "`dotnet publish` (azd deploy) sets _IsPublishing; builds and tests stay portable").Subject;
        ((string?)publishing.Element("RuntimeIdentifier")).Should().Be("linux-x64", "Flex Consumption runs Linux x64");
        ((string?)publishing.Element("PublishReadyToRun")).Should().Be("true");
        project.Descendants("RuntimeHostConfigurationOption")
            .Should().ContainSingle(o => (string?)o.Attribute("Include") == "Azure.Experimental.EnableActivitySource" && (string?)o.Attribute("Value") == "true");

        var host = JsonNode.Parse(File.ReadAllText(Repository.PathOf("functions", "host.json")))!;
        ((string?)host["telemetryMode"]).Should().Be("OpenTelemetry", "the host's own telemetry joins the worker's traces");
    }

    [Fact]
    public void Postprovision_hook_creates_every_secret_the_settings_reference()
    {
        var hook = File.ReadAllText(Repository.PathOf("infra", "hooks", "postprovision.sh"));
        var referenced = infra.AppSettings.Values.SelectMany(v => SecretName().Matches(v).Select(m => m.Groups[1].Value)).Distinct().ToList();
        referenced.Should().Contain(["person-key-secret", "data-protection-key", "token-signing-key"]);
        foreach (var secret in referenced)
        {
            hook.Should().Contain(secret);
        }
    }

    [Fact]
    public void Postprovision_hook_creates_missing_keys_and_never_replaces_one()
    {
        var log = RunHookWithFakeAz(existingSecrets: ["person-key-secret"], certificateExists: true, livenessProvider: "azure-face");
        log.Should().Contain(l => l.StartsWith("keyvault secret set --vault-name kv-test --name data-protection-key ", StringComparison.Ordinal));
        log.Should().Contain(l => l.StartsWith("keyvault secret set --vault-name kv-test --name token-signing-key ", StringComparison.Ordinal));
        log.Should().NotContain(l => l.Contains("--name person-key-secret --value", StringComparison.Ordinal), "an existing key is never replaced");
        log.Should().NotContain(l => l.Contains("liveness-development-key", StringComparison.Ordinal));
        log.Should().NotContain(l => l.StartsWith("keyvault certificate create", StringComparison.Ordinal));

        var value = log.Single(l => l.Contains("--name token-signing-key ", StringComparison.Ordinal)).Split("--value ")[1].Split(' ')[0];
        Convert.FromBase64String(value).Should().HaveCount(32, "keys are base64 of 32 random bytes");
    }

    [Fact]
    public void Postprovision_hook_adds_the_development_liveness_key_and_a_placeholder_certificate_when_asked()
    {
        var log = RunHookWithFakeAz(
            existingSecrets: ["person-key-secret", "data-protection-key", "token-signing-key"], certificateExists: false, livenessProvider: "development");
        log.Should().ContainSingle(l => l.StartsWith("keyvault secret set", StringComparison.Ordinal))
            .Which.Should().Contain("--name liveness-development-key ");
        log.Should().ContainSingle(l => l.StartsWith("keyvault certificate create --vault-name kv-test --name efile-signing ", StringComparison.Ordinal));
    }

    /// <summary>Runs infra/hooks/postprovision.sh with a fake `az` that records its arguments.</summary>
    private static List<string> RunHookWithFakeAz(string[] existingSecrets, bool certificateExists, string livenessProvider)
    {
        var directory = Directory.CreateTempSubdirectory("infra-hook-").FullName;
        try
        {
            var log = Path.Combine(directory, "az.log");
            var az = Path.Combine(directory, "az");
            File.WriteAllText(az, $$"""
                #!/bin/sh
                echo "$*" >> "{{log}}"
                case "$1 $2 $3" in
                  "keyvault secret list") printf '%s\n' {{string.Join(' ', existingSecrets)}} ;;
                  "keyvault certificate show") {{(certificateExists ? "echo id" : "exit 3")}} ;;
                esac
                exit 0
                """.Replace("\r", "", StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Repository.PathOf("infra", "hooks", "postprovision.sh"));
            start.Environment["PATH"] = $"{directory}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["AZURE_KEY_VAULT_NAME"] = "kv-test";
            start.Environment["LIVENESS_PROVIDER"] = livenessProvider;
            start.Environment.Remove("AZURE_FUNCTION_APP_NAME");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit(60_000).Should().BeTrue();
            process.ExitCode.Should().Be(0, $"{output.Result}\n{error.Result}");
            return [.. File.ReadAllLines(log)];
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"^services:\s*\n\s+(?<name>[\w-]+):\s*\n(?<body>(?:\s{4,}.*\n?)+)", RegexOptions.Multiline)]
    private static partial Regex ServiceBlock();

    [GeneratedRegex(@"SecretName=([\w-]+)\)")]
    private static partial Regex SecretName();
}
