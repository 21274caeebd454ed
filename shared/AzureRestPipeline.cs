using Azure.Core;
using Azure.Core.Pipeline;

namespace EntryExit;

/// <summary>
/// The HTTP pipeline of the app's own Azure REST clients (Face, Key Vault: their SDKs are not used here): Azure.Core's
/// retries, logging and tracing, a bearer token for the service's scope (the credential comes from
/// <c>AzureCredentials</c>), and a transport tests may replace. One file beside <c>AzureCredentials.cs</c>, linked as source into those projects, as
/// neither depends on the other and Core holds no Azure types; compiled into each, the User-Agent still names the
/// assembly that calls.
/// </summary>
internal static class AzureRestPipeline
{
    public static HttpPipeline Build(TokenCredential credential, string scope, HttpPipelineTransport? transport, Action<RetryOptions>? retry = null)
    {
        var options = new RestClientOptions();
        retry?.Invoke(options.Retry);
        if (transport is not null)
        {
            options.Transport = transport;
        }

        return HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, scope));
    }

    private sealed class RestClientOptions : ClientOptions;
}
