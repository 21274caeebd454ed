using System.Text.Json.Nodes;
using EntryExit.Core.Security;
using EntryExit.Infra.Tests.Support;

namespace EntryExit.Infra.Tests;

/// <summary>
/// Every app setting the code reads is set by Bicep (Azure) and in local.settings.sample.json (development) with the
/// same name — except the settings listed below, each with the reason it belongs to one side only. Anything else
/// missing on either side fails, as does a setting on either side that the code does not read.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SettingsConsistencyTests(CompiledInfrastructure infra)
{
    /// <summary>Read in development only; Bicep must not set them.</summary>
    private static readonly string[] DevelopmentOnly =
    [
        // Azurite's connection string. In Azure the same clients use the identity-based AzureWebJobsStorage__* below.
        "AzureWebJobsStorage",
        // SMTP (smtp4dev locally). In Azure, Email__Provider is acs.
        "Email__Smtp__Host", "Email__Smtp__Port", "Email__Smtp__UseTls", "Email__Smtp__UserName", "Email__Smtp__Password",
        // Telemetry to standard output; in Azure it goes to Application Insights.
        "Telemetry__Console",
    ];

    /// <summary>Prefixes of development-only settings that the app's code does not read at all.</summary>
    private static readonly string[] DevelopmentOnlyPrefixes =
    [
        // The development host's own settings (functions/DevHost, DevHostOptions).
        "DevHost__",
    ];

    /// <summary>Development-only settings read by tooling, not by the app: Core Tools needs the worker runtime; on
    /// Flex Consumption it is functionAppConfig.runtime and the platform rejects it as an app setting.</summary>
    private static readonly string[] SampleOnlyPlatform = ["FUNCTIONS_WORKER_RUNTIME"];

    /// <summary>Read in Azure only; the sample need not have them.</summary>
    private static readonly string[] AzureOnly =
    [
        // Identity-based host storage (shared/Storage/StorageClients.cs); the sample uses the Azurite connection string.
        "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        // Azure AI Face: only with Liveness__Provider=azure-face, which needs an Azure resource.
        "Face__Endpoint", "Face__ClientId",
        // The e-file signing certificate in Key Vault; in development the issuer certificate is local (shared/EFile).
        "Signing__KeyVaultUri", "Signing__CertificateName", "Signing__ClientId", "Signing__RefreshMinutes",
        // Application Insights: the connection string is read by the Functions host and the worker's exporter, the
        // authentication string by the host; the worker's exporter authenticates as Telemetry__ClientId.
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Telemetry__ClientId",
    ];

    /// <summary>Prefixes of settings read in Azure only.</summary>
    private static readonly string[] AzureOnlyPrefixes =
    [
        // ACS Email (endpoint, identity, polling and retry tuning): read only with Email__Provider=acs; development
        // uses SMTP.
        "Email__Acs__",
    ];

    private static IReadOnlyDictionary<string, string?> Sample
    {
        get
        {
            var json = JsonNode.Parse(File.ReadAllText(Repository.PathOf("local.settings.sample.json")))!;
            return json["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
        }
    }

    [Fact]
    public void The_composition_root_binds_the_known_options_sections()
    {
        // A sanity check of the discovery, not a limit: new options classes are picked up by themselves.
        CodeSettings.BoundOptions.Values.Should().Contain(["Security", "Liveness", "Lockout", "Reports", "Email", "Face"]);
        CodeSettings.Read.Should().Contain(["Security__PersonKeySecret", "Email__Smtp__Host", "Liveness__Provider", "AzureWebJobsStorage",
            "AzureWebJobsStorage__clientId", "Reports__RetentionDays", "Face__Endpoint"]);
        CodeSettings.OptionalMaps.Should().Contain("Security__RetiredTokenKeys");
    }

    [Fact]
    public void Every_setting_the_code_reads_is_set_by_Bicep()
    {
        var missing = CodeSettings.Read
            .Where(s => !DevelopmentOnly.Contains(s) && !IsDevelopmentPrefix(s))
            .Where(s => !infra.AppSettings.ContainsKey(s))
            .Order(StringComparer.Ordinal).ToList();
        string.Join(", ", missing).Should().BeEmpty("infra/main.bicep must set every setting the code reads (or list it as development-only here, with a reason)");
    }

    [Fact]
    public void Every_setting_the_code_reads_is_in_the_sample_settings()
    {
        var sample = Sample;
        var missing = CodeSettings.Read
            .Where(s => !IsAzureOnly(s))
            .Where(s => !sample.ContainsKey(s))
            .Order(StringComparer.Ordinal).ToList();
        string.Join(", ", missing).Should().BeEmpty("local.settings.sample.json must list every setting the code reads (or list it as Azure-only here, with a reason)");
    }

    [Fact]
    public void Bicep_sets_no_setting_the_code_does_not_read()
    {
        var unknown = infra.AppSettings.Keys
            .Where(s => !CodeSettings.Read.Contains(s) && !IsAzureOnly(s) && !IsMapEntry(s))
            .Order(StringComparer.Ordinal).ToList();
        string.Join(", ", unknown).Should().BeEmpty("a Bicep setting the code does not read is a typo or a leftover");
        infra.AppSettings.Keys.Should().NotContain(DevelopmentOnly).And.NotContain(SampleOnlyPlatform);
    }

    [Fact]
    public void The_sample_has_no_setting_the_code_does_not_read()
    {
        var unknown = Sample.Keys
            .Where(s => !CodeSettings.Read.Contains(s) && !IsDevelopmentPrefix(s) && !SampleOnlyPlatform.Contains(s) && !IsMapEntry(s))
            .Order(StringComparer.Ordinal).ToList();
        string.Join(", ", unknown).Should().BeEmpty("a sample setting the code does not read is a typo or a leftover");
    }

    [Fact]
    public void Azure_settings_choose_the_Azure_providers()
    {
        infra.AppSettings["Email__Provider"].Should().Be("acs");
        ((string?)infra.Main.Parameter("livenessProvider")).Should().Be("azure-face");
        infra.AppSettings["Liveness__Provider"].Should().Be("azure-face");
        infra.AppSettings["Liveness__AllowDevelopmentInAzure"].Should().Be("false");
    }

    [Fact]
    public void Retired_token_keys_are_an_optional_map_set_from_a_parameter()
    {
        CodeSettings.OptionalMaps.Should().Contain($"{SecurityOptions.Section}__{nameof(SecurityOptions.RetiredTokenKeys)}");
        var extra = infra.Main.Resources.Single(r => (string?)r["name"] == "functionApp")["properties"]!["parameters"]!["extraSettings"]!;
        ((string?)extra["value"]).Should().Be("[variables('retiredTokenKeySettings')]");
        ((string?)infra.Main.Json["variables"]!["retiredTokenKeySettings"]).Should()
            .Contain("Security__RetiredTokenKeys__").And.Contain("token-signing-key-").And.Contain("parameters('retiredTokenKeyIds')");
    }

    private static bool IsAzureOnly(string setting) =>
        AzureOnly.Contains(setting) || AzureOnlyPrefixes.Any(p => setting.StartsWith(p, StringComparison.Ordinal));

    private static bool IsDevelopmentPrefix(string setting) => DevelopmentOnlyPrefixes.Any(p => setting.StartsWith(p, StringComparison.Ordinal));

    private static bool IsMapEntry(string setting) => CodeSettings.OptionalMaps.Any(m => setting.StartsWith(m + "__", StringComparison.Ordinal));
}
