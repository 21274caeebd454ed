using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using EntryExit.Core.Health;
using EntryExit.Functions.Contract;
using EntryExit.Functions.Health;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.EndToEnd.Tests.Contract;

/// <summary>The document itself: it lints clean, names exactly the app's HTTP functions, and is what the app serves.</summary>
[Collection(StackCollection.Name)]
public sealed class OpenApiDocumentTests(StackFixture stack)
{
    [Fact]
    public void Every_HttpTrigger_is_in_the_document_and_every_operation_is_an_HttpTrigger()
    {
        var functions = typeof(OpenApiFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .SelectMany(t => (t.Methods ?? []).Select(method => $"{method.ToUpperInvariant()} /{WithoutConstraints(t.Route!)}"))
            .ToHashSet();
        var documented = OpenApiContract.Current.Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet();

        functions.Should().HaveCountGreaterThan(10, "the reflection must find the app's functions");
        functions.Except(documented).Should().BeEmpty("every HTTP function must be in openapi.yaml");
        documented.Except(functions).Should().BeEmpty("every operation of openapi.yaml must be an HTTP function");
    }

    [Fact]
    public async Task Redocly_lints_the_document_without_errors()
    {
        var cli = Path.Combine(RepositoryRoot.Path, "node_modules", "@redocly", "cli", "bin", "cli.js");
        File.Exists(cli).Should().BeTrue("`npm ci` installs @redocly/cli (package.json); ./dev test runs it first");
        var start = new ProcessStartInfo("node", [cli, "lint", "openapi.yaml", "--format=stylish"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        var text = await output + await error;
        process.ExitCode.Should().Be(0, text);
        text.Should().Contain("openapi.yaml").And.NotContain("error", "redocly must report no errors:\n" + text);
    }

    [Fact]
    public async Task The_app_serves_the_document_of_the_repository()
    {
        using var response = await stack.Http.GetAsync("/api/openapi.yaml");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/yaml");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(await File.ReadAllBytesAsync(OpenApiContract.FilePath));
    }

    [Fact]
    public async Task An_unhealthy_answer_says_when_to_look_again_as_the_document_describes()
    {
        var function = new HealthFunction(new HealthService([new FixedCheck("tables", false), new FixedCheck("blobs", true), new FixedCheck("queues", true)]));
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();

        var result = await function.Run(http.Request, CancellationToken.None);
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        var body = ((MemoryStream)http.Response.Body).ToArray();
        using var response = new HttpResponseMessage((HttpStatusCode)http.Response.StatusCode) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(http.Response.ContentType!);
        response.Headers.TryAddWithoutValidation("Retry-After", http.Response.Headers.RetryAfter.ToString());

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(HealthService.RetryAfterSeconds));
        Encoding.UTF8.GetString(body).Should().Contain($"\"retryAfter\":{HealthService.RetryAfterSeconds}");
        OpenApiContract.Current.Check("GET", "/api/health", response, body).Should().BeEmpty();
    }

    [Fact]
    public void The_checker_finds_a_response_the_document_does_not_allow()
    {
        using var wrongShape = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"status\":\"fine\"}", Encoding.UTF8, "application/json") };
        using var undocumentedStatus = new HttpResponseMessage(HttpStatusCode.Conflict) { Content = new StringContent("{}", Encoding.UTF8, "application/problem+json") };
        const string locked = "{\"type\":\"t\",\"title\":\"t\",\"status\":429,\"detail\":\"d\",\"code\":\"identity_locked\"}";
        using var noRetryAfter = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(locked, Encoding.UTF8, "application/problem+json") };

        OpenApiContract.Current.Check("GET", "/api/health", wrongShape, Encoding.UTF8.GetBytes("{\"status\":\"fine\"}")).Should().ContainSingle().Which.Should().Contain("schema");
        OpenApiContract.Current.Check("GET", "/api/documents", undocumentedStatus, "{}"u8.ToArray()).Should().ContainSingle().Which.Should().Contain("409");
        OpenApiContract.Current.Check("POST", "/api/identity/verifications", noRetryAfter, Encoding.UTF8.GetBytes(locked))
            .Should().Contain(f => f.Contains("Retry-After", StringComparison.Ordinal));
        OpenApiContract.Current.Check("GET", "/api/nowhere", wrongShape, []).Should().ContainSingle().Which.Should().Contain("no operation");
    }

    private static string WithoutConstraints(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.Trim('/'), @"\{([^}:?=]+)[^}]*}", "{$1}");

    private sealed class FixedCheck(string name, bool healthy) : IDependencyCheck
    {
        public string Name => name;

        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(healthy);
    }
}
