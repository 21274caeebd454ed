using EntryExit.Functions;
using EntryExit.Functions.Middleware;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseEntryExitMiddleware();
builder.Services.AddEntryExit(builder.Configuration);
// The Functions resource attributes, and a span per invocation that continues the host's trace.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();

/// <summary>Internal, so the development host and tests can reference this app without a clash of two public Programs.</summary>
internal partial class Program;
