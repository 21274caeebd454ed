using EntryExit.Core.Hosting;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Reports;

/// <summary>
/// What data annotations cannot say about <see cref="ReportsOptions"/>: the public address is an absolute http(s) URL,
/// and in an Azure function app (<see cref="AzureHosting.IsAppService"/>) an https one that is not loopback, since citizens and
/// verifiers open it from every e-file's QR code; the retry delays grow, never shrink.
/// </summary>
/// <param name="environment">Reads an environment variable (tests pass their own).</param>
public sealed class ReportsOptionsValidator(Func<string, string?> environment) : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var key = $"{ReportsOptions.Section}:{nameof(ReportsOptions.PublicBaseUrl)}";
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{key} must be an absolute http or https URL; it is '{options.PublicBaseUrl}'.");
        }
        else if (AzureHosting.IsAppService(environment) && (url.Scheme != Uri.UriSchemeHttps || url.IsLoopback))
        {
            failures.Add($"{key} must be the public https address in Azure (it is printed in every e-file's QR code); it is '{options.PublicBaseUrl}'.");
        }

        if (options.MaxRetryDelaySeconds < options.RetryDelaySeconds)
        {
            failures.Add($"{ReportsOptions.Section}:{nameof(ReportsOptions.MaxRetryDelaySeconds)} ({options.MaxRetryDelaySeconds}) is below {ReportsOptions.Section}:{nameof(ReportsOptions.RetryDelaySeconds)} ({options.RetryDelaySeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
