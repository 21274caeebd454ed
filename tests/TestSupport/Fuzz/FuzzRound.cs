using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace EntryExit.TestSupport.Fuzz;

/// <summary>What a fuzz round found: every answer by status, and each one that broke the error contract.</summary>
public sealed record FuzzReport(int Requests, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<string> Violations, TimeSpan Elapsed)
{
    public int ServerErrors => ByStatus.Where(s => s.Key >= 500).Sum(s => s.Value);

    public string Summary => $"{Requests} requests in {Elapsed.TotalSeconds:F1} s: "
        + string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")) + $"; {Violations.Count} contract violations";
}

/// <summary>
/// Sends a seeded round of hostile requests and checks every answer against the error contract (SPEC §5): no 5xx;
/// every 4xx is <c>application/problem+json</c> with a <c>code</c>; no answer shows a stack trace, an exception name
/// or a path of the machine. The platform's own 401 for a missing function key (no body, as in Azure) is the one
/// answer that is not ours. A <see cref="ResponseContract"/>, when given, holds every answer to the API's document too.
/// </summary>
/// <summary>Everything in an answer (method, path, response, body) that the API's document does not allow.</summary>
public delegate IReadOnlyList<string> ResponseContract(string method, string path, HttpResponseMessage response, byte[] body);

public static class FuzzRound
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly string[] Leaks = ["Exception", "   at ", ".cs:line", "StackTrace", "/work/", "/home/", "/tmp/", "C:\\", "EntryExit.", "Microsoft.", "System."];

    public static async Task<FuzzReport> RunAsync(HttpClient http, HostileRequests requests, int count, int parallelism, ResponseContract? contract = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(requests);
        var byStatus = new Dictionary<int, int>();
        var violations = new List<string>();
        var started = Stopwatch.GetTimestamp();

        // Drawn in order, so the round is the same whatever the parallelism.
        var all = Enumerable.Range(0, count).Select(_ => requests.Next()).ToList();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (request, ct) =>
        {
            var (status, problem) = await SendAsync(http, request, contract, ct);
            lock (byStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                if (problem is not null && violations.Count < 50)
                {
                    violations.Add($"{request} → {status}: {problem}");
                }
            }
        });

        return new FuzzReport(count, byStatus, violations, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient http, FuzzRequest request, ResponseContract? contract, CancellationToken cancellationToken)
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
            return (0, e.InnerException is IOException ? null : $"the request failed: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, $"no answer within {Patience.TotalSeconds:0} s");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var problem = Check(request, response, status, System.Text.Encoding.UTF8.GetString(bytes));
            if (problem is null && contract is not null)
            {
                var failures = contract(request.Method.Method, message.RequestUri!.AbsolutePath, response, bytes);
                problem = failures.Count == 0 ? null : string.Join("; ", failures);
            }

            return (status, problem);
        }
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

