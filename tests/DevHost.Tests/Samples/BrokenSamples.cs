using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.DevHost.Tests.Samples;

/// <summary>
/// Functions the host must refuse at start-up. Nested in an internal class so that scanning the
/// assembly's exported types never meets them; tests pass them explicitly.
/// </summary>
internal static class BrokenSamples
{
    public sealed class UnboundParameter
    {
        [Function("Unbound")]
        public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string id, string notInRoute) =>
            new OkResult();
    }

    public sealed class MissingSetting
    {
        [Function("NoSetting")]
        public void Run([QueueTrigger("%DevHostTests:NeverSet%")] string message)
        {
        }
    }

    public sealed class BadSchedule
    {
        [Function("BadSchedule")]
        public void Run([TimerTrigger("every now and then")] TimerInfo timer)
        {
        }
    }

    public sealed class WrongReturn
    {
        [Function("WrongReturn")]
        public string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "dropped by the worker";
    }

    public sealed class MvcFromBody
    {
        [Function("MvcFromBody")]
        public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest request, [FromBody] NewItem item) => new OkResult();
    }
}
