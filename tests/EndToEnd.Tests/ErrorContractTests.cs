using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using EntryExit.Functions.EFileChecks;
using EntryExit.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// SPEC §5 / issue 11: an unexpected failure is 500 problem+json <c>internal_error</c> with a <c>traceId</c>, the same
/// from the Functions worker's pipeline as from the development host. The fixture's report store throws for one number.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ErrorContractTests(StackFixture stack)
{
    private const string LookUpPath = $"/api/verifications/document/{StackFixture.BrokenReportNumber}?code=ABCDEFGHJK";

    [Fact]
    public async Task Over_http_through_the_development_host_a_store_that_throws_is_internal_error_with_a_trace_id_in_the_logs()
    {
        using var response = await stack.Http.GetAsync(LookUpPath);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("InvalidOperationException").And.NotContain("/secret/path").And.NotContain(" at ");
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("code").GetString().Should().Be("internal_error");
        body.GetProperty("status").GetInt32().Should().Be(500);
        body.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        var traceId = body.GetProperty("traceId").GetString()!;
        traceId.Should().MatchRegex("^[0-9a-f]{32}$");
        stack.Logs.Lines.Should().Contain(l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains(traceId, StringComparison.Ordinal)
            && l.Contains("InvalidOperationException", StringComparison.Ordinal), "operators find the failure by its trace id");

        (await stack.Http.GetAsync("/api/health")).StatusCode.Should().Be(HttpStatusCode.OK, "the host keeps serving");
    }

    [Fact]
    public async Task Through_the_workers_pipeline_the_answer_is_the_one_the_development_host_gives()
    {
        // The pipeline exactly as Program.cs builds it in Azure: the builder's Use calls, in order, around the function.
        var builder = new RecordingWorkerBuilder();
        builder.UseEntryExitMiddleware();
        await using var scope = stack.Host.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "GET";
        http.Request.Path = $"/api/verifications/document/{StackFixture.BrokenReportNumber}";
        http.Request.QueryString = new QueryString("?code=ABCDEFGHJK");
        http.Response.Body = new MemoryStream();
        const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var context = new WorkerLikeFunctionContext(scope.ServiceProvider, http, $"00-{TraceId}-00f067aa0ba902b7-01");

        // The function as the worker's ASP.NET Core integration runs it: an instance from the scope, its IActionResult executed.
        var pipeline = builder.Build(async _ =>
        {
            var function = ActivatorUtilities.CreateInstance<EFileCheckFunctions>(scope.ServiceProvider);
            var result = await function.LookUp(http.Request, StackFixture.BrokenReportNumber, CancellationToken.None);
            await result.ExecuteResultAsync(new ActionContext { HttpContext = http });
        });
        await pipeline(context);

        http.Response.StatusCode.Should().Be(500);
        http.Response.ContentType.Should().StartWith("application/problem+json");
        http.Response.Body.Position = 0;
        var fromWorker = JsonDocument.Parse(http.Response.Body).RootElement;
        fromWorker.GetProperty("traceId").GetString().Should().Be(TraceId, "the trace id is the invocation's, which Application Insights records");

        using var response = await stack.Http.GetAsync(LookUpPath);
        var fromHost = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        ((int)response.StatusCode).Should().Be(http.Response.StatusCode);
        response.Content.Headers.ContentType!.ToString().Should().Be(http.Response.ContentType);
        foreach (var field in new[] { "type", "title", "status", "detail", "code" })
        {
            fromHost.GetProperty(field).ToString().Should().Be(fromWorker.GetProperty(field).ToString(), field);
        }

        fromHost.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(fromWorker.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_queue_function_failure_is_not_swallowed_so_its_retries_still_happen()
    {
        await using var scope = stack.Host.Services.CreateAsyncScope();
        var context = new WorkerLikeFunctionContext(scope.ServiceProvider, http: null, traceParent: "");
        var pipeline = WorkerMiddleware.Wrap(_ => throw new InvalidOperationException("a queue function failed"));

        await FluentActions.Awaiting(() => pipeline(context)).Should().ThrowAsync<InvalidOperationException>();
    }

    /// <summary>What the worker's builder does with <c>Use</c>: the first registered runs outermost.</summary>
    private sealed class RecordingWorkerBuilder : IFunctionsWorkerApplicationBuilder
    {
        private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

        public IServiceCollection Services { get; } = new ServiceCollection();

        public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
        {
            _middleware.Add(middleware);
            return this;
        }

        public FunctionExecutionDelegate Build(FunctionExecutionDelegate function) =>
            Enumerable.Reverse(_middleware).Aggregate(function, (next, middleware) => middleware(next));
    }

    /// <summary>
    /// A <see cref="FunctionContext"/> as the worker's ASP.NET Core integration hands it to middleware: the invocation
    /// scope, the trace context, and the HttpContext under the key <c>GetHttpContext()</c> reads.
    /// </summary>
    private sealed class WorkerLikeFunctionContext : FunctionContext
    {
        public WorkerLikeFunctionContext(IServiceProvider services, HttpContext? http, string traceParent)
        {
            InstanceServices = services;
            TraceContext = new Trace(traceParent);
            if (http is not null)
            {
                Items["HttpRequestContext"] = http;
            }
        }

        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => "LookUpEFile";

        public override TraceContext TraceContext { get; }

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; }

        public override FunctionDefinition FunctionDefinition { get; } = new Definition();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();

        private sealed class Trace(string parent) : TraceContext
        {
            public override string TraceParent => parent;

            public override string TraceState => "";
        }

        private sealed class Definition : FunctionDefinition
        {
            public override ImmutableArray<FunctionParameter> Parameters => [];

            public override string PathToAssembly => typeof(EFileCheckFunctions).Assembly.Location;

            public override string EntryPoint => $"{typeof(EFileCheckFunctions).FullName}.{nameof(EFileCheckFunctions.LookUp)}";

            public override string Id => "LookUpEFile";

            public override string Name => "LookUpEFile";

            public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

            public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        }
    }
}
