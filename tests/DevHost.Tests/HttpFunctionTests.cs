using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryExit.DevHost.Tests.Samples;
using EntryExit.DevHost.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EntryExit.DevHost.Tests;

/// <summary>HTTP functions through a real Kestrel on a free port: routes, methods, binding, keys, results, errors.</summary>
public sealed class HttpFunctionTests : IAsyncLifetime
{
    private RunningHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RunningHost.StartAsync([typeof(ItemFunctions), typeof(StaticFunctions)]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Route_template_and_method_bind_a_route_parameter()
    {
        var response = await Client.GetAsync("/api/greet/Ada");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("greeting").GetString().Should().Be("Hello, Ada", "MVC writes camelCase JSON");
    }

    [Fact]
    public async Task Post_binds_an_int_route_value_and_a_FromBody_json_body()
    {
        var response = await Client.PostAsync("/api/items/42", Json("""{"title":"Passport photo","quantity":3}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetInt32().Should().Be(42);
        body.GetProperty("title").GetString().Should().Be("Passport photo");
        body.GetProperty("quantity").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Methods_and_route_constraints_come_from_the_attribute()
    {
        (await Client.GetAsync("/api/items/42")).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await Client.PostAsync("/api/items/abc", Json("{}"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "the int constraint does not match");
        (await Client.GetAsync("/greet/Ada")).StatusCode.Should().Be(HttpStatusCode.NotFound, "routes live under /api");
    }

    [Fact]
    public async Task A_route_without_template_is_the_function_name_for_every_method()
    {
        var get = await Client.GetStringAsync("/api/DefaultRoute");
        var delete = await Client.DeleteAsync("/api/DefaultRoute");

        get.Should().Be("GET");
        (await delete.Content.ReadAsStringAsync()).Should().Be("DELETE");
    }

    [Fact]
    public async Task A_route_value_that_does_not_convert_is_a_400_problem()
    {
        var ok = await Client.GetFromJsonAsync<JsonElement>("/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        var bad = await Client.GetAsync("/api/orders/not-a-guid");

        ok.GetProperty("orderId").GetGuid().Should().Be(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task An_invalid_json_body_is_a_400_problem_that_does_not_echo_the_body()
    {
        var response = await Client.PostAsync("/api/items/1", Json("""{"title": "secret-body-text", "quantity": "many"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("secret-body-text");
    }

    [Fact]
    public async Task Function_level_routes_need_the_key_in_the_header_or_the_code_query()
    {
        (await Client.GetAsync("/api/secret")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.GetAsync("/api/secret?code=wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.GetAsync($"/api/secret?code={RunningHost.FunctionKey}")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/secret");
        withHeader.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        (await Client.SendAsync(withHeader)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_level_routes_need_the_key_too()
    {
        (await Client.GetAsync("/api/admin")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.GetAsync($"/api/admin?code={RunningHost.FunctionKey}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_details_and_the_host_keeps_running()
    {
        var response = await Client.GetAsync("/api/boom");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("sensitive detail").And.NotContain("InvalidOperationException").And.NotContain(" at ");
        _host.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException && Equals(e["FunctionName"], "Boom"));
        (await Client.GetAsync("/api/greet/again")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Each_invocation_has_its_own_scope_and_a_function_context()
    {
        var first = await Client.GetFromJsonAsync<JsonElement>("/api/whoami");
        var second = await Client.GetFromJsonAsync<JsonElement>("/api/whoami");

        first.GetProperty("scope").GetGuid().Should().Be(first.GetProperty("scopeFromContext").GetGuid(), "the context's InstanceServices is the invocation scope");
        first.GetProperty("scope").GetGuid().Should().NotBe(second.GetProperty("scope").GetGuid());
        first.GetProperty("functionName").GetString().Should().Be("WhoAmI");
        first.GetProperty("invocationId").GetString().Should().NotBe(second.GetProperty("invocationId").GetString());
        first.GetProperty("sameHttpContext").GetBoolean().Should().BeTrue("GetHttpContext() works");
    }

    [Fact]
    public async Task Void_Task_and_IResult_functions_write_their_own_responses()
    {
        (await Client.PutAsync("/api/direct", content: null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await (await Client.PostAsync("/api/echo", new StringContent("quiet", Encoding.UTF8, "text/plain"))).Content.ReadAsStringAsync()).Should().Be("QUIET");
        (await Client.GetStringAsync("/api/ping")).Should().Be("pong", "a static method returning IResult");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
