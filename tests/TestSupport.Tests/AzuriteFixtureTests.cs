using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace EntryExit.TestSupport.Tests;

[Collection(StorageCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public void Listens_on_three_distinct_loopback_ports()
    {
        new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Should().OnlyHaveUniqueItems().And.OnlyContain(p => p > 0);
        azurite.ConnectionString.Should().Contain($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1;");
    }

    [Fact]
    public async Task A_table_entity_round_trips()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("t" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        var entity = new TableEntity("person-key", "E230223377109") { ["Name"] = "买买提·艾力 吴𠮷祥", ["Pages"] = 166 };

        await table.UpsertEntityAsync(entity);
        var read = (await table.GetEntityAsync<TableEntity>("person-key", "E230223377109")).Value;

        read.GetString("Name").Should().Be("买买提·艾力 吴𠮷祥");
        read.GetInt32("Pages").Should().Be(166);
    }

    [Fact]
    public async Task Current_blob_and_queue_clients_are_accepted()
    {
        // Blobs 12.30.1 and Queues 12.28.1 send an API version Azurite 3.37.0 only takes with --skipApiVersionCheck.
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("c" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("e.pdf").UploadAsync(BinaryData.FromBytes([0x25, 0x50, 0x44, 0x46]));
        (await container.GetBlobClient("e.pdf").DownloadContentAsync()).Value.Content.ToArray().Should().Equal(0x25, 0x50, 0x44, 0x46);

        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("q" + Guid.NewGuid().ToString("N"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("E230223377109");
        (await queue.ReceiveMessageAsync()).Value.MessageText.Should().Be("E230223377109");
    }
}
