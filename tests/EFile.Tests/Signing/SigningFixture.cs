using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile.Signing;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>
/// Development issuers (ECDSA P-256 and RSA-3072), renderers that sign with them, and an NSS database that trusts the
/// ECDSA one for S/MIME, which is what pdfsig checks a document signer against.
/// </summary>
public sealed class SigningFixture : IDisposable
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly Tools tools = new();

    public SigningFixture()
    {
        Issuer = DevelopmentIssuer.Create(Clock);
        RsaIssuer = DevelopmentIssuer.Create(Clock, EFileKeyAlgorithm.Rsa3072);
        Key = X509SigningKey.FromPkcs12(Issuer.Pkcs12);
        RsaKey = X509SigningKey.FromPkcs12(RsaIssuer.Pkcs12);
        Renderer = new SignedRenderer(Key);
        RsaRenderer = new SignedRenderer(RsaKey);

        NssDirectory = "sql:" + Path.Combine(tools.Folder, "nss");
        Directory.CreateDirectory(Path.Combine(tools.Folder, "nss"));
        Check(Tools.Run("certutil", "-N", "-d", NssDirectory, "--empty-password"));
        Check(Tools.Run("certutil", "-A", "-n", "issuer", "-t", ",C,", "-i", tools.Write("issuer.pem", Issuer.CertificatePem), "-d", NssDirectory));
        Check(Tools.Run("certutil", "-A", "-n", "rsa-issuer", "-t", ",C,", "-i", tools.Write("rsa-issuer.pem", RsaIssuer.CertificatePem), "-d", NssDirectory));
    }

    public DevelopmentIssuer Issuer { get; }

    public DevelopmentIssuer RsaIssuer { get; }

    public X509SigningKey Key { get; }

    public X509SigningKey RsaKey { get; }

    public SignedRenderer Renderer { get; }

    public SignedRenderer RsaRenderer { get; }

    /// <summary>For pdfsig's <c>-nssdir</c>.</summary>
    public string NssDirectory { get; }

    /// <summary>pdfsig on the file with the trusting NSS database; pdfsig exits 0 even for a bad signature.</summary>
    public ToolRun PdfSig(byte[] pdf, params string[] arguments)
    {
        using var scratch = new Tools();
        return Tools.Run("pdfsig", ["-nssdir", NssDirectory, .. arguments, scratch.Write("file.pdf", pdf)]);
    }

    public void Dispose()
    {
        Key.Dispose();
        RsaKey.Dispose();
        tools.Dispose();
    }

    private static void Check(ToolRun run)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("certutil failed: " + run.All);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
