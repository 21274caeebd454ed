using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EntryExit.Core.Reports;
using EntryExit.EFile.Signing;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>
/// A key that answers later, as Key Vault does over the network: the e-file waits for its signature without a thread
/// blocked on it, and is whole and valid once the signature comes.
/// </summary>
public sealed class PendingSignatureTests(SigningFixture fixture) : IClassFixture<SigningFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_e_file_waits_for_a_pending_signature_without_blocking_and_verifies_once_it_comes()
    {
        // A new certificate, so that the trial signature that sizes the room for the CMS is asked for here too.
        using var key = new PendingKey(DevelopmentIssuer.Create(TimeProvider.System).Certificate);
        var renderer = new SignedRenderer(key);

        // Started off the test's synchronization context, as the render stage runs: a continuation then runs on the
        // thread that completes what it awaits.
        Task<RenderedEFile> render = null!;
        // A statement lambda: Task.Run must not unwrap (and so wait for) the render it starts.
        await Task.Run(() => { render = renderer.RenderRecordsAsync(Samples.Content(12)); });

        foreach (var signature in new[] { "the trial signature", "the file's signature" })
        {
            var pending = await key.Requests.ReadAsync().AsTask().WaitAsync(Generous);
            render.IsCompleted.Should().BeFalse($"the e-file is not finished while {signature} is pending");
            pending.Complete();
        }

        render.IsCompletedSuccessfully.Should().BeTrue(
            "the rest of the save ran as the continuation of the signature, on the thread that completed it: no other thread was blocked waiting for it");
        var pdf = (await render).Pdf;
        fixture.PdfSig(pdf).Output.Should().Contain("Signature is Valid.").And.Contain("Total document signed");
        key.Requests.TryRead(out _).Should().BeFalse("one signature for the size, one for the file");
    }

    [Fact]
    public void The_second_run_of_signed_cms_gets_the_awaited_signature_only_for_the_digest_that_was_signed()
    {
        var certificate = fixture.Issuer.Certificate;
        using var answering = DelegatedKey.Answering(certificate, new byte[32], new byte[64]);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, answering.Key) { DigestAlgorithm = new Oid(CadesSignature.Sha256Oid) };
        var cms = new SignedCms(new ContentInfo([1, 2, 3]), detached: true);

        FluentActions.Invoking(() => cms.ComputeSignature(signer, silent: true))
            .Should().Throw<CryptographicException>().WithMessage("*another digest*");
    }

    /// <summary>Hands each digest to the test, which completes the signature when it chooses.</summary>
    private sealed class PendingKey : IEFileSigningKey, IDisposable
    {
        private readonly ECDsa privateKey;
        private readonly Channel<PendingSignature> requests = Channel.CreateUnbounded<PendingSignature>();

        public PendingKey(X509Certificate2 withKey)
        {
            privateKey = withKey.GetECDsaPrivateKey()!;
            Certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
        }

        public X509Certificate2 Certificate { get; }

        public ChannelReader<PendingSignature> Requests => requests.Reader;

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
        {
            var pending = new PendingSignature(privateKey, digest.ToArray());
            requests.Writer.TryWrite(pending).Should().BeTrue();
            return pending.Task;
        }

        public void Dispose()
        {
            privateKey.Dispose();
            Certificate.Dispose();
        }
    }

    private sealed class PendingSignature(ECDsa privateKey, byte[] digest)
    {
        // Continuations run synchronously in Complete: what awaits the signature finishes on the test's thread.
        private readonly TaskCompletionSource<byte[]> answer = new();

        public Task<byte[]> Task => answer.Task;

        /// <summary>As a network answer arrives: on a thread without the test's synchronization context.</summary>
        public void Complete()
        {
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                answer.SetResult(privateKey.SignHash(digest));
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }
    }
}
