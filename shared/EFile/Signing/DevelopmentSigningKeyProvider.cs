using EntryExit.Core.Reports;
using EntryExit.Core.Issuer;
using Microsoft.Extensions.Logging;

namespace EntryExit.EFile.Signing;

/// <summary>
/// Signs with the development issuer: created on first run and kept in the storage account, so every instance and
/// restart uses the same one and e-files stay verifiable. Loaded at start-up; never used in Azure.
/// </summary>
public sealed partial class DevelopmentSigningKeyProvider(IIssuerCertificateStore store, TimeProvider clock, ILogger<DevelopmentSigningKeyProvider> logger)
    : IEFileSigningKeyProvider, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile X509SigningKey? _key;

    public async Task<IEFileSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken) =>
        _key ?? await LoadAsync(cancellationToken);

    public void Dispose()
    {
        _key?.Dispose();
        _gate.Dispose();
    }

    private async Task<X509SigningKey> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            var stored = await store.FindDevelopmentIssuerAsync(cancellationToken);
            if (stored is null)
            {
                var created = DevelopmentIssuer.Create(clock);
                if (await store.TryAddDevelopmentIssuerAsync(created.Pkcs12, cancellationToken))
                {
                    LogCreated(logger, created.Certificate.Thumbprint);
                    stored = created.Pkcs12;
                }
                else
                {
                    // Another instance stored its issuer first: use that one, so all sign alike.
                    stored = await store.FindDevelopmentIssuerAsync(cancellationToken)
                        ?? throw new InvalidOperationException("The development issuer vanished while it was being created.");
                }

                created.Certificate.Dispose();
            }

            _key = X509SigningKey.FromPkcs12(stored);
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "Created the development e-file issuer {Thumbprint}")]
    private static partial void LogCreated(ILogger logger, string thumbprint);
}
