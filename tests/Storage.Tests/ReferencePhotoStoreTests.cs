using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Storage.Identity;
using EntryExit.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EntryExit.Storage.Tests;

[Collection(StorageCollection.Name)]
public sealed class ReferencePhotoStoreTests(AzuriteFixture azurite)
{
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "a synthetic face"u8.ToArray()];

    [Fact]
    public async Task A_photo_is_stored_encrypted_in_a_private_container_named_by_the_person_key_and_purged_on_delete()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new BlobReferencePhotos(clients, new AesGcmProtector(TestStorage.Security));
        var person = new PersonKey(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000000000000000000000000000");
        var photo = ReferencePhoto.From(PngBytes)!;

        await store.SaveAsync(person, photo, CancellationToken.None);

        (await store.FindAsync(person, CancellationToken.None))!.SameAs(photo).Should().BeTrue();
        var container = clients.Blobs.GetBlobContainerClient(StorageNames.ReferencePhotosContainer);
        (await container.GetPropertiesAsync()).Value.PublicAccess.Should().Be(PublicAccessType.None);
        var blob = container.GetBlobClient(person.Value);
        var stored = (await blob.DownloadContentAsync()).Value;
        stored.Content.ToArray().AsSpan().IndexOf("a synthetic face"u8).Should().Be(-1, "the bytes at rest are encrypted");
        stored.Content.ToArray().AsSpan().IndexOf(PngBytes.AsSpan(0, 8)).Should().Be(-1);
        Encoding.ASCII.GetString(stored.Content.ToArray()).Should().NotContain(photo.Digest);
        stored.Details.Metadata.Should().BeEmpty();

        // Moved under another person's name, the ciphertext no longer opens.
        var other = new PersonKey(new string('f', 64));
        await container.GetBlobClient(other.Value).UploadAsync(new BinaryData(stored.Content.ToArray()), overwrite: true);
        var moved = () => store.FindAsync(other, CancellationToken.None);
        await moved.Should().ThrowAsync<System.Security.Cryptography.CryptographicException>();
        await container.GetBlobClient(other.Value).DeleteAsync();

        await store.DeleteAsync(person, CancellationToken.None);
        (await store.FindAsync(person, CancellationToken.None)).Should().BeNull();
        await store.DeleteAsync(person, CancellationToken.None);
    }

    [Fact]
    public async Task The_same_bytes_again_change_nothing_and_other_bytes_replace_the_photo()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var store = new BlobReferencePhotos(clients, new AesGcmProtector(TestStorage.Security));
        var person = new PersonKey(new string('a', 32) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
        var blob = clients.Blobs.GetBlobContainerClient(StorageNames.ReferencePhotosContainer).GetBlobClient(person.Value);

        await store.SaveAsync(person, ReferencePhoto.From(PngBytes)!, CancellationToken.None);
        var first = (await blob.GetPropertiesAsync()).Value.ETag;
        await store.SaveAsync(person, ReferencePhoto.From([.. PngBytes])!, CancellationToken.None);
        (await blob.GetPropertiesAsync()).Value.ETag.Should().Be(first);

        byte[] other = [.. PngBytes, 1];
        await store.SaveAsync(person, ReferencePhoto.From(other)!, CancellationToken.None);
        (await blob.GetPropertiesAsync()).Value.ETag.Should().NotBe(first);
        (await store.FindAsync(person, CancellationToken.None))!.Bytes.ToArray().Should().Equal(other);
    }

    [Fact]
    public async Task An_import_stores_photos_of_known_people_reports_unknown_ones_and_long_lines_and_reimporting_changes_nothing()
    {
        var clients = await TestStorage.ClientsAsync(azurite);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var keys = new HmacPersonKeys(TestStorage.Security);
        var photos = new BlobReferencePhotos(clients, new AesGcmProtector(TestStorage.Security));
        using var metrics = new RecordedMetrics();
        var (service, runner, imports) = TestStorage.Import(clients, clock, new ImportOptions { CheckpointLines = 2, MaxLineBytes = 64 * 1024 }, new EntryExitMetrics(metrics));

        var known = IdNumber();
        var unknown = IdNumber();
        while (unknown == known)
        {
            unknown = IdNumber();
        }
        var lines = new[]
        {
            // The photo comes before its person in the same batch: people are written first.
            PhotoLine(known, PngBytes),
            JsonSerializer.Serialize(new { type = "person", idNumber = known.Value, name = "测试", sex = known.Sex == Sex.Male ? "M" : "F", birthDate = known.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }),
            PhotoLine(unknown, PngBytes),
            PhotoLine(known, new byte[70 * 1024]),
            "{\"type\":\"photo\",\"data\":\"" + new string('A', 5 * 1024 * 1024) + "\"}",
        };

        for (var run = 0; run < 2; run++)
        {
            var started = await service.StartAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), CancellationToken.None);
            await runner.RunAsync(started.ImportId, CancellationToken.None);
            var done = (await imports.FindAsync(started.ImportId, CancellationToken.None))!;
            done.Status.Should().Be(ImportState.Completed);
            done.Accepted.Should().Be(2);
            done.Errors.Should().Equal(new ImportError(3, "unknown_person"), new ImportError(4, "line_too_long"), new ImportError(5, "line_too_long"));
            (await photos.FindAsync(keys.KeyOf(known), CancellationToken.None))!.Bytes.ToArray().Should().Equal(PngBytes);
            (await photos.FindAsync(keys.KeyOf(unknown), CancellationToken.None)).Should().BeNull();
        }
    }

    private static string PhotoLine(ResidentIdNumber idNumber, byte[] data) =>
        JsonSerializer.Serialize(new { type = "photo", idNumber = idNumber.Value, contentType = "image/png", data = Convert.ToBase64String(data) });

    private static ResidentIdNumber IdNumber()
    {
        var body = "44030419900101" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        ResidentIdNumber.TryParse(body + ResidentIdNumber.CheckCharacterFor(body), new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        return id;
    }
}
