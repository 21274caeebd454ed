using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Issue 11, point 8, condensed (the measured version is <c>./dev bench --faults-only</c>): storage that stops
/// answering for ten seconds while a burst of emailed reports is in the pipeline loses none and mails none twice.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class StoragePauseTests(StackFixture stack)
{
    private const int Reports = 12;

    // Generous: a quiet machine needs a few seconds after the pause; a 2-core one shared with builds, far more.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Azurite_frozen_for_ten_seconds_mid_pipeline_every_report_is_mailed_exactly_once()
    {
        var person = TestPerson.Create("竺可桢");
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var requested = await Task.WhenAll(Enumerable.Range(0, Reports).Select(async i =>
        {
            var recipient = $"paused-{Guid.NewGuid():N}-{i}@example.test";
            using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
                new { kind = "records", range = "1y", delivery = "email", email = recipient, password = "Secret2026" }));
            response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            return (Number: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!, Recipient: recipient);
        }));

        // The burst is on its queue and being worked on: every call the host makes to storage now hangs unanswered.
        stack.Azurite.Pause();
        try
        {
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                var frozen = () => probe.GetAsync(stack.Azurite.TableEndpoint);
                await frozen.Should().ThrowAsync<TaskCanceledException>("a paused Azurite answers nothing");
            }

            await Task.Delay(Outage);
        }
        finally
        {
            stack.Azurite.Resume();
        }

        foreach (var (number, _) in requested)
        {
            await Eventually.UntilAsync(async () => await StatusAsync(token, number) == "sent", Patience, because: $"report {number} should be mailed after the pause");
        }

        // Settled: no message left on either stage's queue (a delayed retry counts while invisible), so no second send is coming.
        foreach (var queue in new[] { "report-render", "report-email" })
        {
            var client = new QueueClient(stack.Azurite.ConnectionString, queue);
            await Eventually.UntilAsync(async () => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, because: $"{queue} should drain");
        }

        var mail = await stack.Smtp.GetMessagesAsync();
        foreach (var (number, recipient) in requested)
        {
            mail.Where(m => m.To.Contains(recipient)).Should().ContainSingle($"report {number} is mailed once").Which.Subject.Should().Contain(number);
        }
    }

    private async Task<string?> StatusAsync(string token, string number)
    {
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
