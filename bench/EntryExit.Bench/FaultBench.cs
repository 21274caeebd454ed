using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace EntryExit.Bench;

/// <summary>
/// Issue 11, point 8: emailed reports requested in a burst, a fault injected while they are spread over the stages,
/// then counted once the pipeline has settled — requested, rendered, emailed (messages at smtp4dev, by the report
/// number in the subject), duplicated, lost (<c>sent</c> with no message), stuck (unfinished after the bound), and
/// the recovery time from the end of the fault to the last e-file mailed.
/// </summary>
public static partial class FaultBench
{
    /// <summary>How long a round may take to settle after its fault; what is unfinished then is stuck.</summary>
    private static readonly TimeSpan SettleBound = TimeSpan.FromMinutes(5);

    /// <summary>After the last e-file is mailed: a stage lease (15 s) and more, for a late second send to show up.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan AzuritePause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SmtpOutage = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string hostDll, int reports, int kills)
    {
        Console.WriteLine($"Fault rounds: {reports} emailed reports each; {string.Join(", ", FaultStack.ShortenedSettings.Select(s => $"{s.Key}={s.Value}"))}");
        await using var stack = await FaultStack.StartAsync(hostDll);
        await stack.ImportCommuterAsync();
        // The same burst with no fault: what the recovery times below compare with.
        var rounds = new List<FaultRound> { await RoundAsync(stack, "none (baseline)", reports, () => Task.CompletedTask) };
        for (var kill = 1; kill <= kills; kill++)
        {
            rounds.Add(await RoundAsync(stack, $"host SIGKILL, restarted ({kill})", reports, stack.KillHostAsync, stack.StartHostAsync));
        }

        rounds.Add(await RoundAsync(stack, "Azurite SIGSTOP 10 s", reports, async () =>
        {
            stack.Azurite.Pause();
            try
            {
                await Task.Delay(AzuritePause);
            }
            finally
            {
                stack.Azurite.Resume();
            }
        }));
        rounds.Add(await RoundAsync(stack, "SMTP refused 60 s", reports, async () =>
        {
            await stack.SmtpDownAsync();
            await Task.Delay(SmtpOutage);
            stack.SmtpUp();
        }));

        Print(rounds);
        return rounds.SelectMany(r => new[]
        {
            new BenchResult($"fault {r.Fault}: recovery (fault end → last mailed)", r.RecoverySeconds ?? double.NaN, "s", "-", r.RecoverySeconds is not null),
            new BenchResult($"fault {r.Fault}: duplicated + lost + stuck of {r.Requested}", r.Duplicated + r.Lost + r.Stuck, "", "0", r.Duplicated + r.Lost + r.Stuck == 0),
        }).ToList();
    }

    private static async Task<FaultRound> RoundAsync(FaultStack stack, string fault, int reports, Func<Task> inject, Func<Task>? recover = null)
    {
        Console.WriteLine($"Fault round: {fault}");
        var token = await stack.SignInCommuterAsync();
        var numbers = await Task.WhenAll(Enumerable.Range(0, reports).Select(i => RequestAsync(stack, token, i)));
        var atFault = await SpreadAsync(stack, numbers);

        var clock = Stopwatch.StartNew();
        var faultStart = DateTimeOffset.UtcNow;
        await inject();
        var faultEnd = clock.Elapsed;
        Console.WriteLine($"  fault from {faultStart:HH:mm:ss.fff} to {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC; at its start {atFault}");
        if (recover is not null)
        {
            await recover();
        }

        // Settled: every report sent with its mail at the server, or failed; bounded.
        TimeSpan? doneAt = null;
        while (clock.Elapsed - faultEnd < SettleBound)
        {
            var (stages, mailed) = await CountAsync(stack, numbers);
            if (numbers.All(n => stages.GetValueOrDefault(n) == "failed" || (stages.GetValueOrDefault(n) == "sent" && mailed.GetValueOrDefault(n) > 0)))
            {
                doneAt = clock.Elapsed;
                break;
            }

            await Task.Delay(250);
        }

        await Task.Delay(Quiet);
        var (final, messages) = await CountAsync(stack, numbers);
        var round = new FaultRound(
            fault,
            atFault,
            numbers.Length,
            Rendered: numbers.Count(n => final.GetValueOrDefault(n) is "ready" or "sending" or "sent"),
            Emailed: numbers.Count(n => messages.GetValueOrDefault(n) > 0),
            Duplicated: numbers.Count(n => messages.GetValueOrDefault(n) > 1),
            Lost: numbers.Count(n => final.GetValueOrDefault(n) == "sent" && messages.GetValueOrDefault(n) == 0),
            Stuck: numbers.Count(n => final.GetValueOrDefault(n) is not ("sent" or "failed")),
            Failed: numbers.Count(n => final.GetValueOrDefault(n) == "failed"),
            RecoverySeconds: doneAt is { } done ? Math.Max(0, (done - faultEnd).TotalSeconds) : null);
        Console.WriteLine($"  {round}");
        foreach (var number in numbers.Where(n => messages.GetValueOrDefault(n) > 1))
        {
            await PrintMessageIdsAsync(stack, number);
        }

        return round;
    }

    private static async Task<string> RequestAsync(FaultStack stack, string token, int index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/reports")
        {
            Content = JsonContent.Create(new { kind = "records", range = "1y", delivery = "email", email = $"fault-{Guid.NewGuid():N}-{index}@example.test", password = "Secret2026" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await stack.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/reports answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    /// <summary>
    /// Waits until the burst is spread over the stages — some reports not rendered yet while others are being sent, or
    /// failing that some already mailed — and returns the spread the fault meets. Bounded: a fast machine may finish first.
    /// </summary>
    private static async Task<Spread> SpreadAsync(FaultStack stack, IReadOnlyList<string> numbers)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var (stages, _) = await CountAsync(stack, numbers, withMail: false);
            var spread = new Spread(
                stages.Values.Count(s => s == "queued"),
                stages.Values.Count(s => s == "rendering"),
                stages.Values.Count(s => s == "ready"),
                stages.Values.Count(s => s == "sending"),
                stages.Values.Count(s => s == "sent"));
            var unrendered = spread.Queued + spread.Rendering;
            if ((unrendered > 0 && spread.Sending > 0)
                || (unrendered > 0 && spread.Sent > 0 && waiting.Elapsed > TimeSpan.FromSeconds(30))
                || unrendered == 0
                || waiting.Elapsed > TimeSpan.FromMinutes(2))
            {
                return spread;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Each report's status (from the table, not through the host) and how many messages smtp4dev holds for it.</summary>
    private static async Task<(Dictionary<string, string> Stages, Dictionary<string, int> Mailed)> CountAsync(FaultStack stack, IReadOnlyCollection<string> numbers, bool withMail = true)
    {
        var wanted = numbers.ToHashSet();
        var stages = new Dictionary<string, string>();
        await foreach (var row in stack.Reports.QueryAsync<TableEntity>(select: ["PartitionKey", "Status"]))
        {
            if (wanted.Contains(row.PartitionKey))
            {
                stages[row.PartitionKey] = row.GetString("Status");
            }
        }

        var mailed = new Dictionary<string, int>();
        if (withMail)
        {
            foreach (var message in await stack.Smtp.GetMessagesAsync())
            {
                if (NumberInSubject().Match(message.Subject ?? "") is { Success: true } match && wanted.Contains(match.Value))
                {
                    mailed[match.Value] = mailed.GetValueOrDefault(match.Value) + 1;
                }
            }
        }

        return (stages, mailed);
    }

    /// <summary>Each copy's Message-ID, size and whether its PDF is whole: a copy cut short would be a server quirk, not a second send.</summary>
    private static async Task PrintMessageIdsAsync(FaultStack stack, string number)
    {
        foreach (var message in (await stack.Smtp.GetMessagesAsync()).Where(m => m.Subject?.Contains(number, StringComparison.Ordinal) == true))
        {
            var raw = await stack.Smtp.GetRawMessageAsync(message.Id);
            using var mime = await stack.Smtp.GetMimeMessageAsync(message.Id);
            using var pdf = new MemoryStream();
            if (mime.Attachments.OfType<MimeKit.MimePart>().FirstOrDefault() is { Content: { } content })
            {
                await content.DecodeToAsync(pdf);
            }

            var whole = pdf.Length > 0 && System.Text.Encoding.ASCII.GetString(pdf.ToArray()[^Math.Min(32, (int)pdf.Length)..]).Contains("%%EOF", StringComparison.Ordinal);
            Console.WriteLine($"  {number}: received {message.ReceivedDate.UtcDateTime:HH:mm:ss.fff} UTC, Message-ID {mime.MessageId}, {raw.Length} bytes, PDF {(whole ? "whole" : "cut short")}");
        }
    }

    private static void Print(IReadOnlyList<FaultRound> rounds)
    {
        Console.WriteLine();
        Console.WriteLine("| fault | at the fault: queued/rendering/ready/sending/sent | requested | ready | emailed | duplicated | lost | stuck | failed | recovery |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rounds)
        {
            var s = r.AtFault;
            var recovery = r.RecoverySeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s") : $"not within {SettleBound.TotalMinutes:0} min";
            Console.WriteLine($"| {r.Fault} | {s.Queued}/{s.Rendering}/{s.Ready}/{s.Sending}/{s.Sent} | {r.Requested} | {r.Rendered} | {r.Emailed} | {r.Duplicated} | {r.Lost} | {r.Stuck} | {r.Failed} | {recovery} |");
        }

        var mailed = rounds.Sum(r => r.Emailed);
        var sendingAtKill = rounds.Where(r => r.Fault.StartsWith("host", StringComparison.Ordinal)).Sum(r => r.AtFault.Sending);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Duplicates: {rounds.Sum(r => r.Duplicated)} of {mailed} e-files mailed ({sendingAtKill} were being sent when a host was killed)."));
    }

    [GeneratedRegex(@"E\d{12}", RegexOptions.CultureInvariant)]
    private static partial Regex NumberInSubject();

    /// <summary>How many of a round's reports were in each stage when the fault began.</summary>
    private sealed record Spread(int Queued, int Rendering, int Ready, int Sending, int Sent);

    private sealed record FaultRound(string Fault, Spread AtFault, int Requested, int Rendered, int Emailed, int Duplicated, int Lost, int Stuck, int Failed, double? RecoverySeconds);
}
