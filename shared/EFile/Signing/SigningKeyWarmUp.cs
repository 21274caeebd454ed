using Microsoft.Extensions.Hosting;

namespace EntryExit.EFile.Signing;

/// <summary>Loads the development issuer at start-up, after storage has created its containers.</summary>
public sealed class SigningKeyWarmUp(DevelopmentSigningKeyProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provider.WarmUpAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
