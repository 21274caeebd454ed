using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Identity;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Time;
using EntryExit.EFile;
using EntryExit.DevHost;
using EntryExit.EndToEnd.Tests.Contract;
using EntryExit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntryExit.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}

/// <summary>
/// The whole local stack: Azurite, smtp4dev and the development host running the function app, on free ports,
/// with the host's log lines captured.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string FunctionKey = DevHostApi.FunctionKey;
    public const string LivenessKey = DevHostApi.LivenessKey;
    public const string TokenKeyId = "e2e";

    private string? _settingsDirectory;

    public AzuriteFixture Azurite { get; } = new();

    public Smtp4devFixture Smtp { get; } = new();

    public CapturedLogs Logs { get; } = new();

    /// <summary>What the host's OpenTelemetry pipeline exports, read back in memory.</summary>
    public ExportedTelemetry Telemetry { get; } = new();

    /// <summary>The app's meters, read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>.</summary>
    public RecordedMetrics Metrics { get; } = new();
    /// <summary>Reading this report number throws, as a store failing in an unexpected way would (issue 11: the error contract).</summary>
    public const string BrokenReportNumber = "E260101999999";

    /// <summary>A person with this name has every e-file render throw, as a broken renderer would.</summary>
    public const string UnrenderableName = "故障测试";

    private TcpForwarder? _smtpPath;

    /// <summary>The port the host sends mail to: a switchable path to smtp4dev, so a test can take "SMTP" down.</summary>
    public int SmtpPathPort { get; private set; }

    public WebApplication Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Azurite.InitializeAsync(), Smtp.InitializeAsync());
        SmtpPathPort = TcpForwarder.ReserveClosedPort();
        SmtpUp();

        // A settings file of the test's own, so the developer's local.settings.json is neither read nor created.
        _settingsDirectory = Directory.CreateTempSubdirectory("e2e-settings-").FullName;
        var settingsFile = Path.Combine(_settingsDirectory, "local.settings.json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = new Dictionary<string, string>() }));

        // The e-file's QR code must open this very host: its address is the public base URL, so the port is chosen first.
        var hostAddress = $"http://127.0.0.1:{TcpForwarder.ReserveClosedPort()}";
        var settings = DevHostApi.Settings(Azurite.ConnectionString, hostAddress);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["DevHost__SettingsFile"] = settingsFile,
            // host.json as in Azure, except what an app setting may override there too: idle queues polled often and
            // failed messages retried after a second, so the tests wait less.
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.250",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
            ["Security__TokenKeyId"] = TokenKeyId,
            // Tests speak for many clients through X-Forwarded-For, as Azure's front end would append it.
            ["ClientAddress__TrustedProxyHops"] = "1",
            ["Email__SenderAddress"] = "noreply@entry-exit.test",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = SmtpPathPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reports__PublicBaseUrl"] = hostAddress,
            ["Reports__RetryDelaySeconds"] = "1",
            ["Reports__MaxRetryDelaySeconds"] = "2",

            // The tests request far more reports per person than a citizen may; the quota has tests of its own.
            ["Reports__MaxReportsPerDay"] = "100000",
        })
        {
            settings[key] = value;
        }

        Host = DevHostApp.Build([], DevHostApi.AsConfiguration(settings), services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(Metrics);
            Telemetry.AddTo(services);
            services.AddSingleton<IReportStore>(sp => new BrokenFor(BrokenReportNumber, ActivatorUtilities.CreateInstance<EntryExit.Storage.Reports.TableReportStore>(sp)));
            services.AddSingleton<IEFileRenderer>(sp => new FailingFor(UnrenderableName, ActivatorUtilities.CreateInstance<EFileRenderer>(sp)));
        });
        await Host.StartAsync();
        // Every response the tests receive is checked against openapi.yaml (Contract/ContractCheckingHandler).
        Http = new HttpClient(new ContractCheckingHandler(OpenApiContract.Current)) { BaseAddress = DevHostApp.Addresses(Host)[0] };
    }

    /// <summary>
    /// Until disposed, the host's log lines, spans and log records are counted instead of kept (see
    /// <see cref="CapturedLogs.CountOnly"/>): for a long round of requests about nobody, which must not grow the test host.
    /// </summary>
    public IDisposable CountOnly()
    {
        var logs = Logs.CountOnly();
        var telemetry = Telemetry.CountOnly();
        return new Scope(() =>
        {
            telemetry.Dispose();
            logs.Dispose();
        });
    }

    /// <summary>Mail can reach smtp4dev.</summary>
    public void SmtpUp() => _smtpPath ??= TcpForwarder.Start(SmtpPathPort, Smtp.SmtpPort);

    /// <summary>Nothing listens where the host sends mail: connections are refused, as when the SMTP server is down.</summary>
    public async Task SmtpDownAsync()
    {
        if (_smtpPath is not null)
        {
            await _smtpPath.DisposeAsync();
            _smtpPath = null;
        }
    }

    public async Task DisposeAsync()
    {
        await SmtpDownAsync();
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.StopAsync();
            await Host.DisposeAsync();
        }

        Metrics.Dispose();
        await Task.WhenAll(Smtp.DisposeAsync(), Azurite.DisposeAsync());
        if (_settingsDirectory is not null)
        {
            Directory.Delete(_settingsDirectory, recursive: true);
        }
    }

    /// <summary>Imports NDJSON lines as an operator would.</summary>
    public async Task<JsonElement> ImportAsync(IEnumerable<string> lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ops/imports") { Content = new StringContent(string.Join("\n", lines) + "\n") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Add("x-functions-key", FunctionKey);
        using var response = await Http.SendAsync(request);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var importId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString();
        return await WaitForImportAsync(importId!);
    }

    /// <summary>The import's status once it has completed (or failed).</summary>
    public async Task<JsonElement> WaitForImportAsync(string importId)
    {
        JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ops/imports/{importId}");
            request.Headers.Add("x-functions-key", FunctionKey);
            using var response = await Http.SendAsync(request);
            status = await response.Content.ReadFromJsonAsync<JsonElement>();
            return status.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(120), because: $"import {importId} should finish");
        return status;
    }

    /// <summary>
    /// Name + number, then the development liveness answer showing the person's own face (the synthetic reference photo
    /// drawn from their number, as <see cref="TestPerson.PersonLine"/> and the demo population import it): the access token.
    /// </summary>
    public async Task<string> SignInAsync(string name, string idNumber)
    {
        using var started = await Http.PostAsJsonAsync("/api/identity/verifications", new { name, idNumber });
        started.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var verificationId = body.GetProperty("verificationId").GetString();
        var challenge = body.GetProperty("liveness").GetProperty("challenge").GetString()!;

        using var completed = await Http.PostAsJsonAsync(
            $"/api/identity/verifications/{verificationId}/liveness",
            new { result = LivenessAnswer(challenge, idNumber) });
        completed.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The person key the host files <paramref name="idNumber"/>'s rows under.</summary>
    public PersonKey PersonKeyOf(string idNumber)
    {
        ResidentIdNumber.TryParse(idNumber, ChinaTime.Today(TimeProvider.System), out var parsed).Should().BeTrue();
        return Host.Services.GetRequiredService<IPersonKeys>().KeyOf(parsed);
    }

    /// <summary>The development liveness answer (SPEC §5.2) to <paramref name="challenge"/> by someone showing <paramref name="face"/>.</summary>
    public static string Answer(string challenge, byte[] face) =>
        DevelopmentLivenessProvider.Answer(LivenessKey, challenge, DevelopmentLivenessProvider.FaceDigest(face));

    /// <summary>The development liveness answer of <paramref name="idNumber"/>'s own face (the synthetic reference photo drawn from the number).</summary>
    public static string LivenessAnswer(string challenge, string idNumber) => Answer(challenge, DemoData.SyntheticFaces.Png(idNumber));

    /// <summary>Requests a report as <paramref name="token"/>'s person and waits until it is <paramref name="status"/>: its number and last status answer.</summary>
    public async Task<(string Number, JsonElement Report)> RequestReportAsync(string token, object body, string status, TimeSpan patience)
    {
        using var requested = await Http.SendAsync(Authorized(HttpMethod.Post, "/api/reports", token, body));
        requested.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var number = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        JsonElement report = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await Http.SendAsync(Authorized(HttpMethod.Get, $"/api/reports/{number}", token));
            report = await response.Content.ReadFromJsonAsync<JsonElement>();
            return report.GetProperty("status").GetString() == status;
        }, patience, because: $"report {number} should be {status}");
        return (number, report);
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }
}

/// <summary>The real renderer, except that it throws for one name: a render that fails every time.</summary>
internal sealed class FailingFor(string name, IEFileRenderer inner) : IEFileRenderer
{
    public Task<RenderedEFile> RenderRecordsAsync(
        RecordsEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default) =>
        content.Holder.Name.Value == name ? throw new InvalidOperationException("The renderer is broken for this test.")
            : inner.RenderRecordsAsync(content, signingKey, protection, cancellationToken);

    public Task<RenderedEFile> RenderIssuancesAsync(
        IssuancesEFileContent content, IEFileSigningKey? signingKey = null, EFileProtection? protection = null, CancellationToken cancellationToken = default) =>
        content.Holder.Name.Value == name ? throw new InvalidOperationException("The renderer is broken for this test.")
            : inner.RenderIssuancesAsync(content, signingKey, protection, cancellationToken);
}

/// <summary>The real report store, except that reading one number throws.</summary>
internal sealed class BrokenFor(string brokenNumber, IReportStore inner) : IReportStore
{
    public Task<bool> TryCreateAsync(Report report, CancellationToken cancellationToken) => inner.TryCreateAsync(report, cancellationToken);

    public Task<Report?> FindAsync(ReportNumber number, CancellationToken cancellationToken) =>
        number.Value == brokenNumber ? throw new InvalidOperationException("The report store is broken for this test (/secret/path).") : inner.FindAsync(number, cancellationToken);

    public Task<Report?> TryUpdateAsync(Report report, CancellationToken cancellationToken) => inner.TryUpdateAsync(report, cancellationToken);

    public IAsyncEnumerable<Report> ListExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.ListExpiredAsync(now, cancellationToken);

    public IAsyncEnumerable<Report> ListStuckAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken) => inner.ListStuckAsync(changedBefore, cancellationToken);
}
