using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EntryExit.Core.Issuer;

namespace EntryExit.Storage.Issuer;

/// <summary>The development issuer in the private <c>issuer</c> container; created once (If-None-Match: *), never replaced.</summary>
public sealed class BlobIssuerCertificateStore(StorageClients clients) : IIssuerCertificateStore
{
    private readonly BlobClient _blob = clients.Blobs.GetBlobContainerClient(StorageNames.IssuerContainer).GetBlobClient("development-issuer.p12");

    public async Task<byte[]?> FindDevelopmentIssuerAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> TryAddDevelopmentIssuerAsync(byte[] pkcs12, CancellationToken cancellationToken)
    {
        try
        {
            await _blob.UploadAsync(
                new BinaryData(pkcs12),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
