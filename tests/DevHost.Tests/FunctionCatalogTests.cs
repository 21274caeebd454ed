using EntryExit.DevHost.Tests.Samples;
using EntryExit.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace EntryExit.DevHost.Tests;

/// <summary>Discovery from attributes, and the start-up refusal that names the function and the parameter.</summary>
public sealed class FunctionCatalogTests
{
    [Fact]
    public void The_function_apps_own_functions_can_all_be_hosted_with_the_sample_settings()
    {
        // The sample settings, as Core Tools would expose them: Section__Key read as Section:Key.
        var sample = LocalSettings.Read(Path.Combine(RepositoryRoot.Path, LocalSettings.SampleFileName));
        var catalog = FunctionAppCatalog(sample.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value));

        var health = catalog.Functions.Should().ContainSingle(f => f.Name == "Health").Subject;
        health.Http!.Pattern.Should().Be("api/health");
        health.Http.Methods.Should().Equal("GET");
        health.Http.Level.Should().Be(AuthorizationLevel.Anonymous);
    }

    [Fact]
    public void The_function_apps_routes_all_start_with_api_but_the_verification_page_at_the_root()
    {
        // host.json sets the route prefix to "" so that /verify (what the QR code on an e-file opens) can exist;
        // every other route then names api/ itself. A new route without it would silently leave the API's base path.
        HostJson.RoutePrefix(AppHostJson([])).Should().BeEmpty();

        var patterns = FunctionAppCatalog(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .Functions.Where(f => f.Http is not null).ToDictionary(f => f.Name, f => f.Http!.Pattern);

        patterns.Should().Contain("EFileCheckPage", "verify");
        patterns.Where(p => p.Key != "EFileCheckPage").Should().NotBeEmpty()
            .And.OnlyContain(p => p.Value.StartsWith("api/", StringComparison.Ordinal), "every API route lives under /api (SPEC §5)");
    }

    [Fact]
    public void The_route_prefix_comes_from_the_hosts_setting_then_host_json_then_the_default()
    {
        var folder = Directory.CreateTempSubdirectory("devhost-hostjson-");
        try
        {
            HostJson.RoutePrefix(Configuration([])).Should().Be("api", "no host.json: the host's default");

            var path = Path.Combine(folder.FullName, HostJson.FileName);
            File.WriteAllText(path, """{ "version": "2.0", "extensions": { "HTTP": { "routePrefix": "" } } }""");
            HostJson.RoutePrefix(WithHostJson(path, [])).Should().BeEmpty("host.json's keys are read without regard to case");
            HostJson.RoutePrefix(WithHostJson(path, new() { [HostJson.RoutePrefixSetting] = "v1" })).Should().Be("v1", "the app setting wins over host.json");

            var catalog = FunctionCatalog.Create([typeof(ItemFunctions)], Configuration([]), routePrefix: "");
            catalog.Functions.Single(f => f.Name == "AddItem").Http!.Pattern.Should().Be("items/{id:int}");
            catalog.Functions.Single(f => f.Name == "DefaultRoute").Http!.Pattern.Should().Be("DefaultRoute");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Triggers_are_read_from_the_attributes_with_settings_resolved()
    {
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["DevHostTests:EchoQueue"] = "Echo-Requests",
            ["DevHostTests:EverySecond"] = "*/1 * * * * *",
        });

        var catalog = FunctionCatalog.Create([typeof(ItemFunctions), typeof(EchoQueueFunction), typeof(EverySecondTimerFunction)], configuration);

        var byName = catalog.Functions.ToDictionary(f => f.Name);
        byName["AddItem"].Http!.Pattern.Should().Be("api/items/{id:int}");
        byName["AddItem"].Http!.Methods.Should().Equal("POST");
        byName["DefaultRoute"].Http!.Pattern.Should().Be("api/DefaultRoute");
        byName["DefaultRoute"].Http!.Methods.Should().BeEmpty("no methods means every method");
        byName["Secret"].Http!.Level.Should().Be(AuthorizationLevel.Function);
        byName["EchoQueue"].Queue!.QueueName.Should().Be("echo-requests", "the host lower-cases queue names");
        byName["EchoQueue"].Queue!.PoisonQueueName.Should().Be("echo-requests-poison");
        byName["EverySecond"].Timer!.Expression.Should().Be("*/1 * * * * *");
        byName["AddItem"].Parameters.Select(p => p.Source).Should().Equal(
            BindingSource.HttpRequest, BindingSource.RouteValue, BindingSource.Body, BindingSource.CancellationToken);
        byName["EchoQueue"].Parameters.Select(p => p.Source).Should().Equal(
            BindingSource.QueueMessage, BindingSource.QueueMetadata, BindingSource.QueueMetadata, BindingSource.FunctionContext);
    }

    [Fact]
    public void Functions_that_cannot_run_are_all_refused_by_name_and_parameter()
    {
        var act = () => FunctionCatalog.Create(typeof(BrokenSamples).GetNestedTypes(), Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        var message = act.Should().Throw<InvalidOperationException>().Which.Message;
        message.Should().Contain("Function 'Unbound'").And.Contain("parameter 'notInRoute'");
        message.Should().Contain("Function 'NoSetting'").And.Contain("DevHostTests:NeverSet");
        message.Should().Contain("Function 'BadSchedule'").And.Contain("every now and then");
        message.Should().Contain("Function 'WrongReturn'").And.Contain("returns String");
        message.Should().Contain("Function 'MvcFromBody'").And.Contain("Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute");
    }

    [Fact]
    public void The_host_refuses_to_build_when_a_function_cannot_be_bound()
    {
        var folder = Directory.CreateTempSubdirectory("devhost-catalog-");
        try
        {
            var act = () => DevHostApp.Build(
                [],
                new Dictionary<string, string?>
                {
                    ["DevHost:Urls"] = "http://127.0.0.1:0",
                    ["DevHost:SettingsFile"] = Path.Combine(folder.FullName, LocalSettings.FileName),
                },
                functionTypes: [typeof(BrokenSamples.UnboundParameter)]);

            act.Should().Throw<InvalidOperationException>().WithMessage("*Function 'Unbound'*parameter 'notInRoute'*");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_queue_trigger_without_a_connection_setting_is_refused()
    {
        var act = () => FunctionCatalog.Create([typeof(EchoQueueFunction)], Configuration(new() { ["DevHostTests:EchoQueue"] = "echo" }));

        act.Should().Throw<InvalidOperationException>().WithMessage("*Function 'EchoQueue'*AzureWebJobsStorage*");
    }

    [Fact]
    public void A_function_is_disabled_by_the_hosts_own_setting()
    {
        var catalog = FunctionCatalog.Create([typeof(StaticFunctions)], Configuration(new() { ["AzureWebJobs.StaticPing.Disabled"] = "true" }));

        catalog.Functions.Single().Disabled.Should().BeTrue();
        catalog.Enabled(_ => true).Should().BeEmpty();
    }

    /// <summary>The function app's functions with the route prefix of its own host.json, as <see cref="DevHostApp"/> builds them.</summary>
    private static FunctionCatalog FunctionAppCatalog(Dictionary<string, string?> values)
    {
        var configuration = AppHostJson(values);
        return FunctionCatalog.Create(typeof(EntryExit.Functions.ServiceRegistration).Assembly.GetExportedTypes(), configuration, HostJson.RoutePrefix(configuration));
    }

    /// <summary>The values with the function app's functions/host.json beneath them, as <see cref="DevHostApp"/> reads it.</summary>
    private static IConfiguration AppHostJson(Dictionary<string, string?> values) =>
        WithHostJson(HostJson.Find(null, RepositoryRoot.Path), values);

    private static IConfiguration WithHostJson(string hostJson, Dictionary<string, string?> values)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(values);
        HostJson.AddTo(builder, hostJson);
        return builder.Build();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
