using EntryExit.Core.Reports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EntryExit.EFile.Signing;

/// <summary>
/// Fetches the signing key (the development issuer from storage, or the certificate from Key Vault) and records it in
/// the issuer history in the background as the host starts, so the first e-file after a cold start does not wait for
/// those round trips. The host does not wait for it: listening first matters more, and a render that comes first
/// shares the one fetch (the providers load once under a gate).
/// </summary>
public sealed partial class SigningKeyWarmUp(IEFileSigningKeyProvider provider, ILogger<SigningKeyWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: BackgroundService runs this synchronously up to its first await.
        await Task.Yield();
        try
        {
            await provider.GetSigningKeyAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only speed is at stake: the first e-file fetches the key itself, and fails there if it must.
            LogWarmUpFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Signing key warm-up failed; the first e-file will fetch the key")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
