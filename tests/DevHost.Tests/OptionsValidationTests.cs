namespace EntryExit.DevHost.Tests;

/// <summary>
/// Every options class of the app (and of the development host) is validated when the host starts: one bad setting
/// stops the start with an error that names it, before any function runs.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Reports:PublicBaseUrl", "not a url", "Reports:PublicBaseUrl")]
    [InlineData("Reports:RetentionDays", "0", "RetentionDays")]
    [InlineData("Lockout:WindowMinutes", "0", "WindowMinutes")]
    [InlineData("Import:Parallelism", "0", "Parallelism")]
    [InlineData("Face:LivenessOperationMode", "Active", "LivenessOperationMode")]
    [InlineData("EFileChecks:MaxLookupFailuresPerClient", "0", "MaxLookupFailuresPerClient")]
    [InlineData("Signing:RefreshMinutes", "0", "RefreshMinutes")]
    [InlineData("Email:SenderAddress", "not-an-address", "SenderAddress")]
    [InlineData("Email:Smtp:Port", "0", "Port")]
    [InlineData("Security:TokenSigningKey", "c2hvcnQ=", "Security:TokenSigningKey")]
    [InlineData("DevHost:QueueMessageLeaseSeconds", "0", "QueueMessageLeaseSeconds")]
    [InlineData("AzureFunctionsJobHost:extensions:queues:batchSize", "64", "BatchSize")]
    public async Task A_bad_setting_stops_the_start_and_is_named(string setting, string value, string named)
    {
        var settingsDirectory = Directory.CreateTempSubdirectory("devhost-options-").FullName;
        try
        {
            await using var app = DevHostApp.Build([], new Dictionary<string, string?>
            {
                ["DevHost:Urls"] = "http://127.0.0.1:0",
                ["DevHost:SettingsFile"] = Path.Combine(settingsDirectory, "local.settings.json"),
                [setting] = value,
            });

            var start = () => app.StartAsync();

            var thrown = (await start.Should().ThrowAsync<Exception>()).Which;
            Messages(thrown).Should().Contain(m => m.Contains(named, StringComparison.Ordinal), $"{setting} = '{value}' is invalid");
        }
        finally
        {
            Directory.Delete(settingsDirectory, recursive: true);
        }
    }

    private static IEnumerable<string> Messages(Exception e) =>
        e is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(Messages) : [e.Message, .. e.InnerException is null ? [] : Messages(e.InnerException)];
}
