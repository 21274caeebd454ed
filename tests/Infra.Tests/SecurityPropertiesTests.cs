using System.Text.Json.Nodes;
using EntryExit.Infra.Tests.Support;

namespace EntryExit.Infra.Tests;

/// <summary>The security properties of the compiled ARM JSON (issue 7: secure by default).</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SecurityPropertiesTests(CompiledInfrastructure infra)
{
    private JsonObject StorageAccount => CompiledInfrastructure.OneResource(infra.Storage, "Microsoft.Storage/storageAccounts")["properties"]!.AsObject();

    private JsonObject Site => CompiledInfrastructure.OneResource(infra.FunctionApp, "Microsoft.Web/sites");

    [Fact]
    public void Storage_accepts_no_shared_keys_no_public_blobs_and_only_TLS_1_2()
    {
        ((bool?)StorageAccount["allowSharedKeyAccess"]).Should().BeFalse();
        ((bool?)StorageAccount["allowBlobPublicAccess"]).Should().BeFalse();
        ((string?)StorageAccount["minimumTlsVersion"]).Should().Be("TLS1_2");
        ((bool?)StorageAccount["supportsHttpsTrafficOnly"]).Should().BeTrue();
        ((bool?)StorageAccount["defaultToOAuthAuthentication"]).Should().BeTrue();
    }

    [Fact]
    public void Containers_are_private()
    {
        var containers = infra.Storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        containers.Should().NotBeEmpty();
        containers.Should().AllSatisfy(c => ((string?)c["properties"]!["publicAccess"]).Should().Be("None"));
    }

    [Fact]
    public void No_account_key_connection_string_or_listKeys_anywhere()
    {
        infra.Text.Should().NotContainEquivalentOf("AccountKey");
        infra.Text.Should().NotContainEquivalentOf("listKeys(");
        infra.Text.Should().NotContainEquivalentOf("SharedAccessKey");
        infra.Text.Should().NotContainEquivalentOf("primaryKey");
        infra.AppSettings.Keys.Should().NotContain("AzureWebJobsStorage", "in Azure the host storage is reached by identity, never by connection string");
        infra.AppSettings.Values.Should().NotContain(v => v.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Function_app_is_https_only_with_TLS_1_2_and_no_basic_publishing()
    {
        var properties = Site["properties"]!;
        ((bool?)properties["httpsOnly"]).Should().BeTrue();
        ((string?)properties["siteConfig"]!["minTlsVersion"]).Should().Be("1.2");
        ((string?)properties["siteConfig"]!["scmMinTlsVersion"]).Should().Be("1.2");
        ((string?)properties["siteConfig"]!["ftpsState"]).Should().Be("Disabled");
        var policies = infra.FunctionApp.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        policies.Should().HaveCount(2);
        policies.Should().AllSatisfy(p => ((bool?)p["properties"]!["allow"]).Should().BeFalse());
    }

    [Fact]
    public void The_qr_code_of_an_e_file_made_in_Azure_opens_the_page_over_https_unless_a_public_base_url_is_given()
    {
        // The verification page's address is {Reports__PublicBaseUrl}/verify?n=…&c=…: with no publicBaseUrl, the app's own https host name.
        var expression = infra.AppSettings["Reports__PublicBaseUrl"];
        expression.Should().MatchRegex(@"if\(empty\(parameters\('publicBaseUrl'\)\), format\('https://\{0\}', reference\(resourceId\('Microsoft\.Web/sites', .*?\)\.defaultHostName\), parameters\('publicBaseUrl'\)\)");
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_Consumption()
    {
        var plan = CompiledInfrastructure.OneResource(infra.FunctionApp, "Microsoft.Web/serverfarms");
        ((string?)plan["sku"]!["name"]).Should().Be("FC1");
        ((string?)plan["sku"]!["tier"]).Should().Be("FlexConsumption");
        var runtime = Site["properties"]!["functionAppConfig"]!["runtime"]!;
        ((string?)runtime["name"]).Should().Be("dotnet-isolated");
        ((string?)runtime["version"]).Should().Be("10.0");
    }

    [Fact]
    public void Function_app_uses_only_its_user_assigned_identity()
    {
        var identity = Site["identity"]!;
        ((string?)identity["type"]).Should().Be("UserAssigned");
        identity["userAssignedIdentities"]!.AsObject().Select(p => p.Key).Should().Equal("[format('{0}', parameters('identityId'))]");
        var properties = Site["properties"]!;
        ((string?)properties["keyVaultReferenceIdentity"]).Should().Be("[parameters('identityId')]", "Key Vault references resolve with the user-assigned identity");
        var deployment = properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
        ((string?)deployment["type"]).Should().Be("UserAssignedIdentity");
        ((string?)deployment["userAssignedIdentityResourceId"]).Should().Be("[parameters('identityId')]");
    }

    [Fact]
    public void Host_storage_is_reached_by_identity()
    {
        var settings = infra.AppSettings;
        settings["AzureWebJobsStorage__credential"].Should().Be("managedidentity");
        settings["AzureWebJobsStorage__clientId"].Should().Contain("outputs.clientId");
        settings["AzureWebJobsStorage__blobServiceUri"].Should().Contain("outputs.blobEndpoint");
        settings["AzureWebJobsStorage__queueServiceUri"].Should().Contain("outputs.queueEndpoint");
        settings["AzureWebJobsStorage__tableServiceUri"].Should().Contain("outputs.tableEndpoint");
    }

    [Theory]
    [InlineData("Security__PersonKeySecret", "person-key-secret")]
    [InlineData("Security__DataProtectionKey", "data-protection-key")]
    [InlineData("Security__TokenSigningKey", "token-signing-key")]
    public void Keys_are_Key_Vault_references(string setting, string secret)
    {
        infra.AppSettings[setting].Should().StartWith("@Microsoft.KeyVault(VaultName=").And.EndWith($";SecretName={secret})");
    }

    [Fact]
    public void Key_Vault_uses_RBAC_soft_delete_and_purge_protection()
    {
        var vault = CompiledInfrastructure.OneResource(infra.KeyVault, "Microsoft.KeyVault/vaults")["properties"]!;
        ((bool?)vault["enableRbacAuthorization"]).Should().BeTrue();
        ((bool?)vault["enableSoftDelete"]).Should().BeTrue();
        ((bool?)vault["enablePurgeProtection"]).Should().BeTrue();
        ((int?)vault["softDeleteRetentionInDays"]).Should().BeGreaterThanOrEqualTo(7);
        vault["accessPolicies"].Should().BeNull("RBAC mode: no access policies");
        infra.KeyVault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Should().BeEmpty(
            "Bicep never writes key values, so a later provision cannot replace a key (infra/hooks/postprovision.sh creates missing ones)");
    }

    [Fact]
    public void Telemetry_is_ingested_with_Entra_ID_only()
    {
        var component = CompiledInfrastructure.OneResource(infra.Main.Module("monitoring"), "Microsoft.Insights/components")["properties"]!;
        ((bool?)component["DisableLocalAuth"]).Should().BeTrue();
        infra.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].Should().EndWith(";Authorization=AAD");
    }

    [Fact]
    public void Role_assignments_are_least_privilege()
    {
        var roles = infra.Main.Module("roles");
        var granted = roles.Evaluate(roles.Json["variables"]!["roles"])!.AsObject().Select(p => (string)p.Value!).ToHashSet();
        granted.Should().BeEquivalentTo(
        [
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner (the Functions host; user-delegation SAS)
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
            "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", // Key Vault Certificate User
            "12338af0-0e69-4776-bea7-57ae8d297424", // Key Vault Crypto User (signing inside the vault)
            "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", // Key Vault Secrets Officer (the deploying user only)
            "a4417e6f-fecd-4de8-b567-7b0420556985", // Key Vault Certificates Officer (the deploying user only)
            "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
            "09976791-48a7-449e-bb21-39d1a415f350", // Communication and Email Service Owner
            "9894cab4-e18a-44aa-828b-cb588cd6f2d7", // Cognitive Services Face Recognizer
        ]);
        var text = roles.Json.ToJsonString();
        text.Should().NotContainAny(
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
            "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
            "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
            "81a9662b-bebf-436f-a333-f67b29880f12", // Storage Account Key Operator Service Role
            "00482a5a-887f-4fb3-b363-3b7fe8e74483"); // Key Vault Administrator
        var scopes = roles.ResourcesOfType("Microsoft.Authorization/roleAssignments").Select(r => (string?)r["scope"]).ToList();
        scopes.Should().NotContain(s => s == null, "every assignment is scoped to one resource, none to the resource group");
    }

    [Fact]
    public void Diagnostic_settings_send_storage_function_app_and_vault_logs_to_Log_Analytics()
    {
        var diagnostics = infra.Main.AllTemplates()
            .SelectMany(t => t.ResourcesOfType("Microsoft.Insights/diagnosticSettings").Select(r => (Template: t.Name, Resource: r)))
            .ToList();
        diagnostics.Should().AllSatisfy(d => ((string?)d.Resource["properties"]!["workspaceId"]).Should().Be("[parameters('logAnalyticsWorkspaceId')]"));
        var scopes = diagnostics.Select(d => $"{d.Template}:{(string?)d.Resource["scope"]}").ToList();
        scopes.Should().Contain(s => s.StartsWith("storage:", StringComparison.Ordinal) && s.Contains("Microsoft.Storage/storageAccounts'", StringComparison.Ordinal));
        foreach (var service in new[] { "blobServices", "queueServices", "tableServices" })
        {
            scopes.Should().Contain(s => s.StartsWith("storage:", StringComparison.Ordinal) && s.Contains(service, StringComparison.Ordinal));
        }

        scopes.Should().Contain(s => s.StartsWith("functionApp:", StringComparison.Ordinal) && s.Contains("Microsoft.Web/sites", StringComparison.Ordinal));
        scopes.Should().Contain(s => s.StartsWith("keyVault:", StringComparison.Ordinal));
        var appLogs = diagnostics.Single(d => d.Template == "functionApp").Resource["properties"]!["logs"]!.AsArray();
        appLogs.Select(l => (string?)l!["category"]).Should().Contain("FunctionAppLogs");
    }
}
