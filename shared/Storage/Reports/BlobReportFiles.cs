using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using EntryExit.Core.Reports;

namespace EntryExit.Storage.Reports;

/// <summary>E-files in a private container, one blob per report; downloads through short-lived read-only SAS URLs.</summary>
public sealed class BlobReportFiles(StorageClients clients, TimeProvider clock) : IReportFiles
{
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);

    public async Task SaveAsync(ReportNumber number, byte[] pdf, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = "application/pdf",
                ContentDisposition = $"attachment; filename=\"{number}.pdf\"",
            },
        };
        await Blob(number).UploadAsync(new BinaryData(pdf), options, cancellationToken);
    }

    public async Task<byte[]?> ReadAsync(ReportNumber number, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(number).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(ReportNumber number, CancellationToken cancellationToken) =>
        Blob(number).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    public async Task<Uri> GetDownloadUrlAsync(ReportNumber number, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var blob = Blob(number);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = clock.GetUtcNow().AddMinutes(-1),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        // Identity-based in Azure: a user-delegation SAS, signed by a key the account hands out to the managed identity.
        var key = await clients.Blobs.GetUserDelegationKeyAsync(sas.StartsOn, expiresAt, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, clients.Blobs.AccountName) }.ToUri();
    }

    private BlobClient Blob(ReportNumber number) => _container.GetBlobClient($"{number}.pdf");
}
