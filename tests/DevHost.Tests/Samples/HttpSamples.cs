using EntryExit.DevHost.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using WorkerFromBody = Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute;

namespace EntryExit.DevHost.Tests.Samples;

public sealed record NewItem(string Title, int Quantity);

/// <summary>HTTP functions written as the app writes them: attributes only, services from the constructor.</summary>
public sealed class ItemFunctions(ScopedMarker marker)
{
    [Function("Greet")]
    public IActionResult Greet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greet/{name}")] HttpRequest request, string name) =>
        new OkObjectResult(new { Greeting = $"Hello, {name}" });

    [Function("AddItem")]
    public async Task<IActionResult> AddItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "items/{id:int}")] HttpRequest request,
        int id,
        [WorkerFromBody] NewItem item,
        CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return new ObjectResult(new { Id = id, item.Title, item.Quantity }) { StatusCode = StatusCodes.Status201Created };
    }

    [Function("GetOrder")]
    public IActionResult GetOrder([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}")] HttpRequest request, Guid orderId) =>
        new OkObjectResult(new { OrderId = orderId });

    [Function("Secret")]
    public IActionResult Secret([HttpTrigger(AuthorizationLevel.Function, "get", Route = "secret")] HttpRequest request) =>
        new OkObjectResult("secret");

    [Function("AdminOnly")]
    public IActionResult AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "admin")] HttpRequest request) =>
        new OkResult();

    [Function("Boom")]
    public IActionResult Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest request) =>
        throw new InvalidOperationException("sensitive detail 4711");

    [Function("WhoAmI")]
    public IActionResult WhoAmI([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "whoami")] HttpRequest request, FunctionContext context) =>
        new OkObjectResult(new
        {
            Scope = marker.Id,
            ScopeFromContext = context.InstanceServices.GetRequiredService<ScopedMarker>().Id,
            FunctionName = context.FunctionDefinition.Name,
            context.InvocationId,
            SameHttpContext = ReferenceEquals(context.GetHttpContext(), request.HttpContext),
        });

    [Function("WriteDirect")]
    public void WriteDirect([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "direct")] HttpRequest request) =>
        request.HttpContext.Response.StatusCode = StatusCodes.Status202Accepted;

    [Function("Echo")]
    public async Task Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request, [WorkerFromBody] string text) =>
        await request.HttpContext.Response.WriteAsync(text.ToUpperInvariant());

    [Function("DefaultRoute")]
    public IActionResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) =>
        new ContentResult { Content = request.Method, StatusCode = 200 };
}

public static class StaticFunctions
{
    [Function("StaticPing")]
    public static IResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest request) =>
        Results.Text("pong");
}
