using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EntryExit.Core.Import;

namespace EntryExit.Storage.Import;

/// <summary>Uploaded NDJSON in the private <c>imports</c> container, streamed in and out (never held in memory whole).</summary>
public sealed class BlobImportFiles(StorageClients clients) : IImportFiles
{
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(StorageNames.ImportsContainer);

    public Task SaveAsync(string importId, Stream content, CancellationToken cancellationToken) =>
        Blob(importId).UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, cancellationToken);

    public async Task<Stream> OpenReadAsync(string importId, CancellationToken cancellationToken) =>
        await Blob(importId).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1 << 20 }, cancellationToken);

    public Task DeleteAsync(string importId, CancellationToken cancellationToken) =>
        Blob(importId).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private BlobClient Blob(string importId) => _container.GetBlobClient($"{importId}.ndjson");
}
