using System.Reflection;
using System.Text.Json.Nodes;
using EntryExit.Core.Reports;
using EntryExit.Core.Telemetry;
using EntryExit.Infra.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EntryExit.Infra.Tests;

/// <summary>
/// What operators see in the portal (issue 16): the alert rules, each watching the app's real signals and each with a
/// runbook entry, and the workbook. Signals are named from the code (metric names, log messages), so renaming one
/// without its query fails here.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OperationsTests(CompiledInfrastructure infra)
{
    private ArmTemplate Alerts => infra.Main.Module("alerts");

    private IReadOnlyList<JsonObject> Rules => Alerts.Json["variables"]!["rules"]!.AsArray().Select(r => r!.AsObject()).ToList();

    private string QueryOf(string rule) => (string)Rules.Single(r => (string?)r["name"] == rule)["query"]!;

    [Fact]
    public void One_scheduled_query_rule_is_deployed_per_rule_on_the_workspace()
    {
        var resource = Alerts.ResourcesOfType("Microsoft.Insights/scheduledQueryRules").Should().ContainSingle().Subject;
        ((string?)resource["copy"]!["count"]).Should().Be("[length(variables('rules'))]");
        var properties = resource["properties"]!;
        ((string?)properties["scopes"]![0]).Should().Be("[parameters('logAnalyticsWorkspaceId')]");
        ((string?)properties["criteria"]!["allOf"]![0]!["query"]).Should().Contain("variables('rules')[copyIndex()].query");
        ((string?)infra.Main.ResourcesOfType("Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "alerts")
            ["properties"]!["parameters"]!["logAnalyticsWorkspaceId"]!["value"]).Should().Contain("workspaceId");
    }

    [Fact]
    public void The_rules_cover_failures_poison_stuck_reports_face_failures_lockouts_and_the_purge()
    {
        Rules.Select(r => (string?)r["name"]).Should().BeEquivalentTo(
            "poison-messages", "failed-reports", "stage-failures", "stuck-reports", "face-failure-spike", "lockout-spike", "purge-stopped");
        Rules.Should().OnlyContain(r => (int)r["severity"]! >= 1 && (int)r["severity"]! <= 3 && !string.IsNullOrEmpty((string?)r["measure"]));
        foreach (var rule in Rules)
        {
            ((string)rule["query"]!).Should().Contain($"{(string)rule["measure"]!} = ", $"rule {rule["name"]} measures the column it alerts on");
        }
    }

    [Fact]
    public void Metric_rules_query_the_app_meter_by_the_names_and_outcomes_the_code_uses()
    {
        QueryOf("failed-reports").Should().Contain($"Name == \"{EntryExitMetrics.Names.ReportsFailed}\"").And.Contain("Properties.stage");
        QueryOf("stuck-reports").Should().Contain($"Name == \"{EntryExitMetrics.Names.StuckReportsRequeued}\"");
        QueryOf("face-failure-spike").Should().Contain($"Name == \"{EntryExitMetrics.Names.Verifications}\"")
            .And.Contain($"tostring(Properties.outcome) == \"{EntryExitMetrics.Code(VerificationOutcome.FaceFailed)}\"");
        QueryOf("lockout-spike").Should().Contain($"Name == \"{EntryExitMetrics.Names.Verifications}\"")
            .And.Contain($"tostring(Properties.outcome) == \"{EntryExitMetrics.Code(VerificationOutcome.Locked)}\"");
        foreach (var spike in new[] { "face-failure-spike", "lockout-spike" })
        {
            var threshold = (string?)Rules.Single(r => (string?)r["name"] == spike)["threshold"];
            threshold.Should().StartWith("[parameters(", "spike thresholds are parameters operators can tune");
        }
    }

    [Fact]
    public void Log_rules_match_the_apps_own_log_messages_and_poison_queues()
    {
        QueryOf("poison-messages").Should().Contain("StorageQueueLogs").And.Contain("-poison/messages");

        // The stage query matches the stages' own failure messages (shared/Core/Reports), so the two cannot drift apart.
        var stageQuery = QueryOf("stage-failures");
        foreach (var stage in new[] { typeof(ReportRenderStage), typeof(ReportMailer) })
        {
            var failure = Messages(stage).Should().ContainSingle(m => m.Level == LogLevel.Error && m.Message.Contains("failed (attempt", StringComparison.Ordinal)).Subject;
            stageQuery.Should().Contain($"startswith \"{failure.Message[..failure.Message.IndexOf('{', StringComparison.Ordinal)]}\"");
            stageQuery.Should().Contain("has \"failed (attempt\"");
        }

        var purged = Messages(typeof(ReportPurger)).Should().ContainSingle().Subject.Message;
        QueryOf("purge-stopped").Should().Contain($"startswith \"{purged[..purged.IndexOf('{', StringComparison.Ordinal)]}\"");
        ((string?)Rules.Single(r => (string?)r["name"] == "purge-stopped")["operator"]).Should().Be("LessThan");
    }

    [Fact]
    public void Every_rule_has_a_runbook_entry()
    {
        var runbook = File.ReadAllText(Repository.PathOf("docs", "operations.md"));
        foreach (var rule in Rules.Select(r => (string)r["name"]!))
        {
            runbook.Should().Contain($"### `{rule}`", $"docs/operations.md explains what to do when {rule} fires");
        }
    }

    [Fact]
    public void The_workbook_is_deployed_from_its_json_with_the_queue_metrics_of_the_storage_account()
    {
        var module = infra.Main.Module("workbook");
        var workbook = module.ResourcesOfType("Microsoft.Insights/workbooks").Should().ContainSingle().Subject;
        ((string?)workbook["kind"]).Should().Be("shared");
        ((string?)workbook["properties"]!["category"]).Should().Be("workbook");
        ((string?)workbook["properties"]!["sourceId"]).Should().Be("[parameters('logAnalyticsWorkspaceId')]");
        ((string?)workbook["properties"]!["serializedData"]).Should().Contain("variables('content')").And.Contain("__QUEUE_SERVICE_ID__");

        var source = File.ReadAllText(Repository.PathOf("infra", "workbooks", "operations.workbook.json"));
        ((string?)module.Json["variables"]!["content"]).Should().Be(source, "the module loads the workbook file as it is");
        source.Should().Contain("__QUEUE_SERVICE_ID__");
    }

    [Fact]
    public void The_workbook_shows_the_funnel_failures_queues_render_time_verifications_and_imports()
    {
        var workbook = JsonNode.Parse(File.ReadAllText(Repository.PathOf("infra", "workbooks", "operations.workbook.json")))!;
        ((string?)workbook["version"]).Should().Be("Notebook/1.0");
        var items = workbook["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        items.Select(i => (string?)i["name"]).Should().OnlyHaveUniqueItems();
        string Query(string name) => (string)items.Single(i => (string?)i["name"] == name)["content"]!["query"]!;

        foreach (var stage in new[] { EntryExitMetrics.Names.ReportsRequested, EntryExitMetrics.Names.ReportsReady, EntryExitMetrics.Names.ReportsSent, EntryExitMetrics.Names.ReportsFailed })
        {
            Query("report-funnel").Should().Contain($"\"{stage}\"");
        }

        Query("report-funnel").Should().Contain("Properties.kind").And.Contain("Properties.language");
        Query("failed-reports").Should().Contain(EntryExitMetrics.Names.ReportsFailed);
        Query("poison-messages").Should().Be(QueryOf("poison-messages").Trim().Replace("count() by", "count(), Last = max(TimeGenerated) by", StringComparison.Ordinal));
        Query("stuck-and-deferred").Should().Contain(EntryExitMetrics.Names.StuckReportsRequeued).And.Contain(EntryExitMetrics.Names.EmailDeferrals);
        Query("verification-outcomes").Should().Contain($"Name == \"{EntryExitMetrics.Names.Verifications}\"").And.Contain("Properties.outcome");
        Query("import-lines").Should().Contain(EntryExitMetrics.Names.ImportLines);
        Query("efile-checks").Should().Contain(EntryExitMetrics.Names.EFileChecks);
        Query("render-pages").Should().Contain(EntryExitMetrics.Names.RenderPages);

        // p50/p95 read the render stage's own log field.
        var rendered = Messages(typeof(ReportRenderStage)).Single(m => m.Message.Contains(" rendered, ", StringComparison.Ordinal)).Message;
        rendered.Should().Contain("{RenderMilliseconds}");
        Query("render-time").Should().Contain("Properties.RenderMilliseconds").And.Contain("percentile(RenderMilliseconds, 50)").And.Contain("percentile(RenderMilliseconds, 95)");

        var depth = items.Single(i => (string?)i["name"] == "queue-depth")["content"]!;
        ((string?)depth["resourceIds"]![0]).Should().Be("__QUEUE_SERVICE_ID__");
        ((string?)depth["metrics"]![0]!["metric"]).Should().EndWith("--QueueMessageCount");
    }

    private static List<LoggerMessageAttribute> Messages(Type type) =>
        [.. type.GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()).OfType<LoggerMessageAttribute>()];
}
