using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using EntryExit.TestSupport;

namespace EntryExit.EndToEnd.Tests;

/// <summary>A queued report is delivered exactly once, whatever the queue or the mail server does.</summary>
[Collection(StackCollection.Name)]
public sealed class ExactlyOnceTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_message_delivered_twice_renders_once_and_sends_one_email()
    {
        var (token, number, recipient) = await RequestEmailedReportAsync("钱学森");
        await WaitForStatusAsync(token, number, "sent");
        var made = await ReportEntityAsync(number);

        // The queue hands both stages the same message again, as Queue storage may.
        await Queue("report-render").SendMessageAsync(number);
        await Queue("report-email").SendMessageAsync(number);
        await WaitUntilEmptyAsync("report-render");
        await WaitUntilEmptyAsync("report-email");

        var after = await ReportEntityAsync(number);
        after.GetString("Status").Should().Be("sent");
        after.GetString("Sha256").Should().Be(made.GetString("Sha256"), "the file was not made again");
        (await stack.Smtp.GetMessagesAsync()).Count(m => m.To.Contains(recipient)).Should().Be(1);
    }

    [Fact]
    public async Task Mail_that_cannot_be_sent_while_the_server_is_down_is_sent_once_it_is_back()
    {
        await stack.SmtpDownAsync();
        string token, number, recipient;
        try
        {
            (token, number, recipient) = await RequestEmailedReportAsync("邓稼先");

            // The email stage keeps putting the report off, spending none of its attempts.
            await Eventually.UntilAsync(async () => (await ReportEntityAsync(number)).GetInt32("Deferrals") >= 2, Patience, because: "sending is deferred while SMTP is down");
            (await ReportEntityAsync(number)).GetInt32("Attempts").Should().Be(0);
            (await StatusAsync(token, number)).Should().Be("ready");
        }
        finally
        {
            stack.SmtpUp();
        }

        await WaitForStatusAsync(token, number, "sent");
        var summary = await stack.Smtp.WaitForMessageAsync(m => m.To.Contains(recipient), Patience);
        summary.Should().NotBeNull();
        (await stack.Smtp.GetMessagesAsync()).Count(m => m.To.Contains(recipient)).Should().Be(1);
    }

    [Fact]
    public async Task A_render_that_always_throws_ends_in_the_poison_queue_after_five_attempts_and_the_report_is_failed()
    {
        var person = TestPerson.Create(StackFixture.UnrenderableName);
        await stack.ImportAsync([person.PersonLine()]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "1y", delivery = "download" }));
        requested.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        await WaitForStatusAsync(token, number, "failed");
        var report = await ReportEntityAsync(number);
        report.GetInt32("Attempts").Should().Be(5);
        report.GetString("FailureCode").Should().Be("render_failed");
        await Eventually.UntilAsync(async () =>
        {
            var poisoned = await Queue("report-render-poison").PeekMessagesAsync(32);
            return poisoned.Value.Any(m => m.Body.ToString() == number);
        }, Patience, because: "the message lands in report-render-poison");
    }

    private async Task<(string Token, string Number, string Recipient)> RequestEmailedReportAsync(string name)
    {
        var person = TestPerson.Create(name);
        await stack.ImportAsync([person.PersonLine(), .. TestCrossing.RecentTrips().Select(person.CrossingLine)]);
        var token = await stack.SignInAsync(person.Name, person.IdNumber);
        var recipient = $"once-{Guid.NewGuid():N}@example.test";
        using var requested = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Post, "/api/reports", token,
            new { kind = "records", range = "1y", delivery = "email", email = recipient, password = "Secret2026" }));
        requested.StatusCode.Should().Be(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        return (token, (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!, recipient);
    }

    private Task WaitForStatusAsync(string token, string number, string status) =>
        Eventually.UntilAsync(async () => await StatusAsync(token, number) == status, Patience, because: $"report {number} should become {status}");

    private async Task<string?> StatusAsync(string token, string number)
    {
        using var response = await stack.Http.SendAsync(StackFixture.Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private async Task<TableEntity> ReportEntityAsync(string number) =>
        (await new TableClient(stack.Azurite.ConnectionString, "Reports").GetEntityAsync<TableEntity>(number, "")).Value;

    private QueueClient Queue(string name) =>
        new(stack.Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Waits until the queue holds no message at all, visible or being processed.</summary>
    private Task WaitUntilEmptyAsync(string name) =>
        Eventually.UntilAsync(async () => (await Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, because: $"{name} should drain");
}
