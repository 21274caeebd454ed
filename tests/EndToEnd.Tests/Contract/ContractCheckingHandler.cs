using System.Net.Http.Headers;

namespace EntryExit.EndToEnd.Tests.Contract;

/// <summary>
/// Sits under the end-to-end tests' <see cref="HttpClient"/>: every response of the function app is checked against
/// <c>openapi.yaml</c> for its route and status before the test sees it, and a response the document does not allow
/// fails the request (and so the test) with what differs. Requests elsewhere (blob download URLs) pass unchecked.
/// </summary>
internal sealed class ContractCheckingHandler(OpenApiContract contract) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/", StringComparison.Ordinal) && path != "/verify")
        {
            return response;
        }

        // Read the body once and give the test an identical copy.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var copy = new ByteArrayContent(body);
        foreach (var header in response.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = copy;
        var failures = contract.Check(request.Method.Method, path, response, body);
        if (failures.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(string.Join(Environment.NewLine, failures));
        }

        return response;
    }
}

/// <summary>A response of the function app that <c>openapi.yaml</c> does not allow.</summary>
public sealed class ContractViolationException(string message) : Exception("openapi.yaml: " + message);
