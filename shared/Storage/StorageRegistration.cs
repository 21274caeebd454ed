using EntryExit.Core.Documents;
using EntryExit.Core.Health;
using EntryExit.Core.Identity;
using EntryExit.Core.Import;
using EntryExit.Core.Issuances;
using EntryExit.Core.Records;
using EntryExit.Core.Reports;
using EntryExit.Storage.Documents;
using EntryExit.Storage.Health;
using EntryExit.Storage.Identity;
using EntryExit.Storage.Import;
using EntryExit.Storage.Issuances;
using EntryExit.Storage.Records;
using EntryExit.Storage.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.Storage;

public static class StorageRegistration
{
    /// <summary>Table, Blob and Queue adapters for the Core ports, and the storage health checks.</summary>
    public static IServiceCollection AddEntryExitStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageClients>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IPersonStore, TablePersonStore>();
        services.AddSingleton<IReferencePhotos, BlobReferencePhotos>();
        services.AddSingleton<IVerificationStore, TableVerificationStore>();
        services.AddSingleton<ISessionRevocations, TableSessionRevocations>();
        services.AddSingleton<IFailureCounters, TableFailureCounters>();
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<ICrossingStore, TableCrossingStore>();
        services.AddSingleton<IReportStore, TableReportStore>();
        services.AddSingleton<IIdempotencyKeys, TableIdempotencyKeys>();
        services.AddSingleton<IReportFiles, BlobReportFiles>();
        services.AddSingleton<IReportQueue, StorageReportQueue>();
        services.AddSingleton<IReportQuotaStore, TableReportQuotas>();
        services.AddSingleton<IImportStore, TableImportStore>();
        services.AddSingleton<IImportFiles, BlobImportFiles>();
        services.AddSingleton<IImportQueue, StorageImportQueue>();
        services.AddSingleton<IDocumentStore, TableDocumentStore>();
        services.AddSingleton<Core.Purge.IPersonDataPurge, Purge.TablePersonDataPurge>();
        services.AddSingleton<IIssuanceStore, TableIssuanceStore>();
        services.AddSingleton<Core.Issuer.IIssuerCertificateStore, Issuer.BlobIssuerCertificateStore>();
        services.AddSingleton<Core.Issuer.IIssuerCertificateHistory, Issuer.TableIssuerCertificateHistory>();
        services.AddSingleton<IDependencyCheck, TablesCheck>();
        services.AddSingleton<IDependencyCheck, BlobsCheck>();
        services.AddSingleton<IDependencyCheck, QueuesCheck>();
        return services;
    }
}
