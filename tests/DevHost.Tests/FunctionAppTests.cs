using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.DevHost.Tests.Support;
using EntryExit.TestSupport;

namespace EntryExit.DevHost.Tests;

/// <summary>The function app itself, with its own registration, through the development host and Azurite.</summary>
[Collection(DevHostStorage.Name)]
public sealed class FunctionAppTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_apps_own_functions_answer_with_the_apps_own_services()
    {
        await using var host = await RunningHost.StartAsync(
            functionTypes: null,
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString });

        var health = await host.Client.GetAsync("/api/health");
        var keyed = await host.Client.GetAsync("/api/ops/imports/any");

        health.StatusCode.Should().Be(HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("healthy");
        keyed.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "ops routes are Function-level");
        host.Logs.Entries.Should().Contain(e => Equals(e["FunctionName"], "Health") && e.Message.Contains("http GET /api/health", StringComparison.Ordinal));
    }
}
