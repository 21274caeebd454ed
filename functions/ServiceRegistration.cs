using EntryExit.Core.Documents;
using EntryExit.Core.EFileChecks;
using EntryExit.Core.Health;
using EntryExit.Core.Hosting;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Issuances;
using EntryExit.Core.Issuer;
using EntryExit.Core.Purge;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.EFile;
using EntryExit.EFile.Checks;
using EntryExit.EFile.Signing;
using EntryExit.Email;
using EntryExit.Face;
using EntryExit.Functions.Telemetry;
using EntryExit.KeyVault;
using EntryExit.Functions.Middleware;
using EntryExit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryExit.Functions;

/// <summary>The app's composition root: the Functions host and the development host both call this.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddEntryExit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISecureRandom, SystemSecureRandom>();
        services.AddEntryExitTelemetry(configuration);
        services.AddEntryExitMiddleware();

        // Every options class is checked when the host starts: a bad setting stops it, named, before any request.
        AddValidatedOptions<SecurityOptions>(services, configuration, SecurityOptions.Section);
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        AddValidatedOptions<LivenessOptions>(services, configuration, LivenessOptions.Section);
        AddValidatedOptions<FaceOptions>(services, configuration, FaceOptions.Section);
        AddValidatedOptions<ReportsOptions>(services, configuration, ReportsOptions.Section);
        services.AddSingleton<IValidateOptions<ReportsOptions>>(new ReportsOptionsValidator(Environment.GetEnvironmentVariable));
        AddValidatedOptions<LockoutOptions>(services, configuration, LockoutOptions.Section);
        AddValidatedOptions<ImportOptions>(services, configuration, ImportOptions.Section);
        AddValidatedOptions<Http.ClientAddressOptions>(services, configuration, Http.ClientAddressOptions.Section);

        services.AddSingleton<IPersonKeys, HmacPersonKeys>();
        services.AddSingleton<IPersonalDataProtector, AesGcmProtector>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<PageTokens>();
        services.AddSingleton<ILivenessProvider>(LivenessProvider(configuration));

        services.AddSingleton<HealthService>();
        services.AddSingleton<Lockout>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<RecordsService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportRunner>();
        services.AddSingleton<PersonPurgeService>();
        services.AddSingleton<DocumentsService>();
        services.AddSingleton<IssuancesService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<IdempotentReports>();
        services.AddSingleton<ReportQuota>();
        services.AddSingleton<ReportClaims>();
        services.AddSingleton<ReportRenderStage>();
        services.AddSingleton<ReportMailer>();
        services.AddSingleton<ReportPurger>();
        services.AddSingleton<StuckReports>();
        services.AddSingleton<StuckImports>();

        // Storage first: its start-up creates the containers the signing key is kept in.
        services.AddEntryExitStorage();
        AddSigning(services, configuration);
        services.AddSingleton<IEFileRenderer, EFileRenderer>();
        services.AddHostedService<EFileWarmUp>();
        services.AddEntryExitEmail(configuration);
        services.AddOptions<EmailOptions>().ValidateDataAnnotations().ValidateOnStart();

        // E-file checks and the issuer certificate (SPEC §2.6, issue 6).
        AddValidatedOptions<EFileChecksOptions>(services, configuration, EFileChecksOptions.Section);
        services.AddSingleton<ISignedPdfReader, SignedPdfReader>();
        services.AddSingleton<IssuerCertificates>();
        services.AddSingleton<EFileCheckService>();
        return services;
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to its section and checks its data annotations when the host starts.</summary>
    private static void AddValidatedOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// Key Vault's certificate when <c>Signing:KeyVaultUri</c> is set (Azure); otherwise the development issuer. Either
    /// is wrapped in a <see cref="RecordingSigningKeyProvider"/>: every signing certificate is recorded in the history
    /// before its first e-file.
    /// </summary>
    private static void AddSigning(IServiceCollection services, IConfiguration configuration)
    {
        var signing = configuration.GetSection(SigningOptions.Section);
        AddValidatedOptions<SigningOptions>(services, configuration, SigningOptions.Section);
        Func<IServiceProvider, IEFileSigningKeyProvider> source;
        if (!string.IsNullOrEmpty(signing[nameof(SigningOptions.KeyVaultUri)]))
        {
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<KeyVaultSigningKeyProvider>(sp, AzureCredentials.For(signing[nameof(SigningOptions.ClientId)])));
            source = sp => sp.GetRequiredService<KeyVaultSigningKeyProvider>();
        }
        else
        {
            services.AddSingleton<DevelopmentSigningKeyProvider>();
            source = sp => sp.GetRequiredService<DevelopmentSigningKeyProvider>();
        }

        services.AddSingleton<IEFileSigningKeyProvider>(sp => new RecordingSigningKeyProvider(
            source(sp), sp.GetRequiredService<IIssuerCertificateHistory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SigningKeyWarmUp>();
    }

    /// <summary>The development provider by default locally; in Azure the setting must say which (SPEC §5.2).</summary>
    private static Func<IServiceProvider, ILivenessProvider> LivenessProvider(IConfiguration configuration)
    {
        var setting = configuration[$"{LivenessOptions.Section}:Provider"];
        var provider = string.IsNullOrEmpty(setting) ? DevelopmentLivenessProvider.Name : setting;
        return provider switch
        {
            // Checked when the provider is made (start-up), not while services are only being registered.
            DevelopmentLivenessProvider.Name => sp => string.IsNullOrEmpty(setting) && AzureHosting.IsAzure()
                ? throw new InvalidOperationException("In Azure, Liveness__Provider must be set explicitly (azure-face; development only for a demo).")
                : ActivatorUtilities.CreateInstance<DevelopmentLivenessProvider>(sp),
            AzureFaceLivenessProvider.Name => sp =>
            {
                return ActivatorUtilities.CreateInstance<AzureFaceLivenessProvider>(sp, AzureCredentials.For(configuration[$"{FaceOptions.Section}:{nameof(FaceOptions.ClientId)}"]));
            },
            _ => throw new InvalidOperationException($"Liveness:Provider '{provider}' is not known; use development or azure-face."),
        };
    }
}
