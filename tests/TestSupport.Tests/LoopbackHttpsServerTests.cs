using Microsoft.AspNetCore.Http;

namespace EntryExit.TestSupport.Tests;

public sealed class LoopbackHttpsServerTests
{
    [Fact]
    public async Task Serves_https_on_loopback_and_its_handler_trusts_exactly_its_own_certificate()
    {
        await using var server = await LoopbackHttpsServer.StartAsync(context => context.Response.WriteAsync("hello " + context.Request.Path));
        await using var other = await LoopbackHttpsServer.StartAsync(context => context.Response.WriteAsync("other"));

        server.Endpoint.Scheme.Should().Be("https");
        server.Endpoint.Host.Should().Be("127.0.0.1");
        using (var client = new HttpClient(server.CreateTrustingHandler()))
        {
            (await client.GetStringAsync(new Uri(server.Endpoint, "/ping"))).Should().Be("hello /ping");

            // The same handler refuses a server with a different (equally self-signed) certificate.
            var call = () => client.GetStringAsync(other.Endpoint);
            await call.Should().ThrowAsync<HttpRequestException>();
        }

        // And a client with default validation trusts neither.
        using var strict = new HttpClient();
        var untrusted = () => strict.GetStringAsync(server.Endpoint);
        await untrusted.Should().ThrowAsync<HttpRequestException>();
    }
}
