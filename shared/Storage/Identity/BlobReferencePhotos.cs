using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;

namespace EntryExit.Storage.Identity;

/// <summary>
/// Reference photos in the private <c>reference-photos</c> container, one blob per person named by the PersonKey, the
/// bytes encrypted by the application (AES-256-GCM bound to the key) so storage access alone never shows a face. No
/// metadata, content type or hash of the photo is stored beside it.
/// </summary>
public sealed class BlobReferencePhotos(StorageClients clients, IPersonalDataProtector protector) : IReferencePhotos
{
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(StorageNames.ReferencePhotosContainer);

    public async Task<ReferencePhoto?> FindAsync(PersonKey personKey, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(personKey).DownloadContentAsync(cancellationToken);
            return ReferencePhoto.From(protector.UnprotectBytes(content.Value.Content.ToMemory().Span, Context(personKey)))
                ?? throw new InvalidOperationException("A stored reference photo is corrupt.");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveAsync(PersonKey personKey, ReferencePhoto photo, CancellationToken cancellationToken)
    {
        // Encryption is randomised, so "the same bytes again change nothing" needs a look at what is stored.
        if (await FindAsync(personKey, cancellationToken) is { } stored && stored.SameAs(photo))
        {
            return;
        }

        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" } };
        await Blob(personKey).UploadAsync(new BinaryData(protector.ProtectBytes(photo.Bytes.Span, Context(personKey))), options, cancellationToken);
    }

    public Task DeleteAsync(PersonKey personKey, CancellationToken cancellationToken) =>
        Blob(personKey).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private static string Context(PersonKey personKey) => "reference-photo:" + personKey.Value;

    private BlobClient Blob(PersonKey personKey) => _container.GetBlobClient(personKey.Value);
}
