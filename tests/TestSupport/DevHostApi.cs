using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryExit.Core.Identity;

namespace EntryExit.TestSupport;

/// <summary>
/// A development host for benches and process tests: the settings it runs with, and what is done on it before the part
/// one looks at — import as an operator, sign in as a citizen (with the keys these settings give it).
/// </summary>
public static class DevHostApi
{
    public const string FunctionKey = "dev-host-function-key";
    public const string LivenessKey = "dev-host-liveness-key";
    public const string TokenKeyId = "dev-host";

    /// <summary>The key access tokens are signed with (a fuzz round forges tokens with it).</summary>
    public static byte[] TokenSigningKey => [.. Enumerable.Repeat((byte)6, 32)];

    /// <summary>
    /// App settings (<c>Section__Key</c>, as in local.settings.json): Azurite, where to listen, these keys, fixed
    /// development secrets, the development liveness provider (allowed on container machines that set CONTAINER_NAME:
    /// this is no Azure), mail over SMTP.
    /// </summary>
    public static Dictionary<string, string> Settings(string storageConnectionString, string urls) => new()
    {
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["DevHost__Urls"] = urls,
        ["DevHost__FunctionKey"] = FunctionKey,
        ["Security__PersonKeySecret"] = Convert.ToBase64String(Enumerable.Repeat((byte)4, 32).ToArray()),
        ["Security__DataProtectionKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)5, 32).ToArray()),
        ["Security__TokenSigningKey"] = Convert.ToBase64String(TokenSigningKey),
        ["Security__TokenKeyId"] = TokenKeyId,
        ["Liveness__Provider"] = "development",
        ["Liveness__DevelopmentKey"] = LivenessKey,
        ["Liveness__AllowDevelopmentInAzure"] = "true",
        ["Email__Provider"] = "smtp",
        ["Email__SenderAddress"] = "dev-host@entry-exit.test",
    };

    /// <summary>The same settings as configuration keys (<c>Section:Key</c>), for a host built in this process.</summary>
    public static Dictionary<string, string?> AsConfiguration(IReadOnlyDictionary<string, string> settings) =>
        settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), string? (s) => s.Value);

    /// <summary>Uploads NDJSON as an operator (the function key): the import's id.</summary>
    public static async Task<string> StartImportAsync(HttpClient http, HttpContent ndjson)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/ops/imports") { Content = ndjson };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        upload.Headers.Add("x-functions-key", FunctionKey);
        using var started = await http.SendAsync(upload);
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetString()!;
    }

    /// <summary>The import's status as the operator reads it.</summary>
    public static async Task<JsonElement> ImportStatusAsync(HttpClient http, string importId)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/ops/imports/{importId}");
        poll.Headers.Add("x-functions-key", FunctionKey);
        using var response = await http.SendAsync(poll);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>"completed" or "failed" once the import is over; null while it is queued or running.</summary>
    public static async Task<string?> ImportOutcomeAsync(HttpClient http, string importId)
    {
        var status = (await ImportStatusAsync(http, importId)).GetProperty("status").GetString();
        return status is "completed" or "failed" ? status : null;
    }

    /// <summary>
    /// Name and number, then the development liveness answer showing <paramref name="face"/> (the person's synthetic
    /// reference photo, as the demo data imports it): the access token.
    /// </summary>
    public static async Task<string> SignInAsync(HttpClient http, string name, string idNumber, byte[] face)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var started = await http.PostAsJsonAsync("api/identity/verifications", new { name, idNumber });
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var answer = DevelopmentLivenessProvider.Answer(LivenessKey, body.GetProperty("liveness").GetProperty("challenge").GetString()!, DevelopmentLivenessProvider.FaceDigest(face));
        using var completed = await http.PostAsJsonAsync($"api/identity/verifications/{body.GetProperty("verificationId").GetString()}/liveness", new { result = answer });
        completed.EnsureSuccessStatusCode();
        return (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
