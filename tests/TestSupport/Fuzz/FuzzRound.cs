using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace EntryExit.TestSupport.Fuzz;

/// <summary>Everything in an answer (method, path, response, body) that the API's document does not allow.</summary>
public delegate IReadOnlyList<string> ResponseContract(string method, string path, HttpResponseMessage response, byte[] body);

/// <summary>
/// Sends a seeded round of hostile requests and checks every answer against the error contract (SPEC §5): no 5xx;
/// every 4xx is <c>application/problem+json</c> with a <c>code</c>; no answer shows a stack trace, an exception name
/// or a path of the machine. A <see cref="ResponseContract"/>, when given, holds every answer to the API's document too.
/// Two answers are the platform's, not ours, and the same in Azure: the 401 without a body for a missing function key,
/// and Kestrel's 400 without a body for a path that decodes to NUL (refused before any code of ours runs; counted apart).
/// </summary>
/// <remarks>
/// The round streams: each request is drawn just before it is sent and forgotten with its answer, so a round of any
/// length holds at most <c>parallelism</c> requests (and one shared over-limit body) in memory. Requests are drawn in
/// order under a lock, so request #i is the same whatever the parallelism, and a finding names its seed and index.
/// </remarks>
public static class FuzzRound
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly string[] Leaks = ["Exception", "   at ", ".cs:line", "StackTrace", "/work/", "/home/", "/tmp/", "C:\\", "EntryExit.", "Microsoft.", "System."];

    public static async Task<FuzzReport> RunAsync(HttpClient http, HostileRequests requests, int count, int parallelism, ResponseContract? contract = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(requests);
        var tally = new FuzzTally(requests.Seed);
        var drawn = 0;
        var started = Stopwatch.GetTimestamp();

        async Task WorkAsync()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                FuzzRequest request;
                int index;
                lock (requests)
                {
                    if (drawn == count)
                    {
                        return;
                    }

                    index = drawn++;
                    request = requests.Next();
                }

                var sent = Stopwatch.GetTimestamp();
                var (status, problem, refused) = await SendAsync(http, request, contract, cancellationToken);
                tally.Add(index, request, status, problem, refused, Stopwatch.GetElapsedTime(sent));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(WorkAsync, cancellationToken)));
        cancellationToken.ThrowIfCancellationRequested();
        return tally.Report(Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(int Status, string? Problem, bool RefusedByKestrel)> SendAsync(HttpClient http, FuzzRequest request, ResponseContract? contract, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = request.Chunked ? new StreamContent(new UnknownLengthStream(request.Body)) : new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        // Generous for a busy 2-core machine; an answer that takes longer is unbounded work, a finding in itself.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, patience.Token);
        }
        catch (HttpRequestException e)
        {
            // The server may close a connection on a body it refused before reading it all (a 413 sent at once).
            return (0, e.InnerException is IOException ? null : $"the request failed: {e.Message}", false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, $"no answer within {Patience.TotalSeconds:0} s", false);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (RefusedByKestrel(request, status, bytes))
            {
                return (status, null, true);
            }

            var problem = Check(request, response, status, System.Text.Encoding.UTF8.GetString(bytes));
            if (problem is null && contract is not null)
            {
                var failures = contract(request.Method.Method, message.RequestUri!.AbsolutePath, response, bytes);
                problem = failures.Count == 0 ? null : string.Join("; ", failures);
            }

            return (status, problem, false);
        }
    }

    /// <summary>Kestrel refuses a request target whose path decodes to NUL with a bare 400, before any middleware.</summary>
    public static bool RefusedByKestrel(FuzzRequest request, int status, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        return status == (int)HttpStatusCode.BadRequest && body.Length == 0 && request.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal);
    }

    private static string? Check(FuzzRequest request, HttpResponseMessage response, int status, string body)
    {
        if (status >= 500)
        {
            return "a server error: " + Shorten(body);
        }

        if (Leaks.FirstOrDefault(leak => body.Contains(leak, StringComparison.Ordinal)) is { } leak)
        {
            return $"the answer shows '{leak}': {Shorten(body)}";
        }

        if (status < 400 || (status == (int)HttpStatusCode.Unauthorized && request.Path.StartsWith("/api/ops/", StringComparison.Ordinal) && body.Length == 0))
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"an error of type {response.Content.Headers.ContentType?.MediaType ?? "none"}: {Shorten(body)}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0
                ? null
                : "a problem without a code: " + Shorten(body);
        }
        catch (JsonException)
        {
            return "a problem that is not JSON: " + Shorten(body);
        }
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
