using System.Text.Json.Nodes;
using EntryExit.Core.Reports;
using EntryExit.Infra.Tests.Support;
using EntryExit.Storage;

namespace EntryExit.Infra.Tests;

/// <summary>The storage account holds exactly the tables, queues and container the app uses, and the lifecycle backstop.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StorageResourcesTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Tables_are_those_of_StorageNames()
    {
        var tables = infra.Storage.Parameter("tableNames")!.AsArray().Select(n => (string)n!);
        tables.Should().BeEquivalentTo(StorageNames.Tables);
        infra.Storage.ResourcesOfType("Microsoft.Storage/storageAccounts/tableServices/tables").Should().ContainSingle()
            .Which["copy"]!["input"].Should().BeNull("one table resource, copied over tableNames");
    }

    [Fact]
    public void Queues_and_their_poison_queues_are_those_of_StorageNames()
    {
        var queues = infra.Storage.Parameter("queueNames")!.AsArray().Select(n => (string)n!).ToList();
        queues.Should().BeEquivalentTo(StorageNames.Queues);
        queues.Should().Contain([ReportQueues.Render, ReportQueues.Render + "-poison", ReportQueues.Email, ReportQueues.Email + "-poison"]);
    }

    [Fact]
    public void Containers_are_those_of_StorageNames_and_the_lifecycle_rule_targets_the_reports_container()
    {
        var containers = infra.Storage.Parameter("containerNames")!.AsArray().Select(n => (string)n!);
        containers.Should().BeEquivalentTo(StorageNames.Containers);
        ((string?)infra.Storage.Parameter("reportsContainerName")).Should().Be(StorageNames.ReportsContainer);
    }

    [Fact]
    public void Lifecycle_rule_deletes_report_blobs_a_day_after_the_apps_own_expiry()
    {
        var policy = CompiledInfrastructure.OneResource(infra.Storage, "Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = policy["properties"]!["policy"]!["rules"]!.AsArray().Should().ContainSingle().Subject!;
        ((bool?)rule["enabled"]).Should().BeTrue();
        var definition = rule["definition"]!;
        var prefixes = infra.Storage.Evaluate(definition["filters"]!["prefixMatch"])!.AsArray().Select(p => (string)p!);
        prefixes.Should().Equal($"{StorageNames.ReportsContainer}/");
        var days = (long?)infra.Storage.Evaluate(definition["actions"]!["baseBlob"]!["delete"]!["daysAfterCreationGreaterThan"]);

        var appDefault = new ReportsOptions().RetentionDays;
        appDefault.Should().Be(7);
        days.Should().Be(appDefault + 1, "the app lets an e-file be downloaded for Reports__RetentionDays days; the backstop deletes it one day later");
        infra.AppSettings["Reports__RetentionDays"].Should().Be(appDefault.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the app setting and the lifecycle rule come from the same parameter");
    }

    [Fact]
    public void Max_attempts_matches_the_queues_max_dequeue_count()
    {
        var host = JsonNode.Parse(File.ReadAllText(Repository.PathOf("functions", "host.json")))!;
        var maxDequeueCount = (int)host["extensions"]!["queues"]!["maxDequeueCount"]!;
        infra.AppSettings["Reports__MaxAttempts"].Should().Be(maxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        new ReportsOptions().MaxAttempts.Should().Be(maxDequeueCount);
    }
}
