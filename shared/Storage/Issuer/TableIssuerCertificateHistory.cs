using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Data.Tables;
using EntryExit.Core.Issuer;

namespace EntryExit.Storage.Issuer;

/// <summary>
/// Table IssuerCertificates: PartitionKey = lower-case hex SHA-256 of the certificate, RowKey empty; the DER, its
/// subject, validity and when it was first used. Rows are added, never replaced or deleted.
/// </summary>
public sealed class TableIssuerCertificateHistory(StorageClients clients) : IIssuerCertificateHistory
{
    private readonly TableClient _table = clients.Tables.GetTableClient(StorageNames.IssuerCertificatesTable);

    public async Task RecordAsync(X509Certificate2 certificate, DateTimeOffset firstUsedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var entity = new TableEntity(IssuerCertificateFingerprint.Sha256(certificate), "")
        {
            ["Der"] = certificate.RawData,
            ["Subject"] = certificate.Subject,
            ["NotBefore"] = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            ["NotAfter"] = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            ["FirstUsedAt"] = firstUsedAt,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded before (by this or another instance): the first use stands.
        }
    }

    public async Task<byte[]?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var found = await _table.GetEntityIfExistsAsync<TableEntity>(sha256, "", ["Der"], cancellationToken);
        return found.HasValue && found.Value is { } entity ? entity.GetBinary("Der") : null;
    }
}
