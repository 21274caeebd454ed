namespace EntryExit.Storage;

/// <summary>Every table, container and queue the app uses; infra creates the same names.</summary>
public static class StorageNames
{
    public const string PeopleTable = "People";
    public const string CrossingsTable = "Crossings";
    public const string VerificationsTable = "Verifications";
    public const string RevokedSessionsTable = "RevokedSessions";
    public const string ReportsTable = "Reports";
    public const string ImportsTable = "Imports";
    public const string FailureCountersTable = "FailureCounters";
    public const string DocumentsTable = "Documents";
    public const string DocumentIndexTable = "DocumentIndex";
    public const string IssuancesTable = "Issuances";
    public const string AuditTable = "Audit";
    public const string IssuerCertificatesTable = "IssuerCertificates";
    public const string IdempotencyKeysTable = "IdempotencyKeys";
    public const string ReportQuotasTable = "ReportQuotas";

    public const string ReportsContainer = "reports";
    public const string ImportsContainer = "imports";
    public const string IssuerContainer = "issuer";

    /// <summary>Reference photos (biometric data): private, one blob per PersonKey, encrypted by the app.</summary>
    public const string ReferencePhotosContainer = "reference-photos";

    public static readonly string[] Containers = [ReportsContainer, ImportsContainer, IssuerContainer, ReferencePhotosContainer];

    public static readonly string[] Tables = [PeopleTable, CrossingsTable, VerificationsTable, RevokedSessionsTable, ReportsTable, ImportsTable, FailureCountersTable, AuditTable, DocumentsTable, DocumentIndexTable, IssuancesTable, IssuerCertificatesTable, IdempotencyKeysTable, ReportQuotasTable];

    public static readonly string[] Queues =
    [
        Core.Reports.ReportQueues.Render, Core.Reports.ReportQueues.Render + "-poison",
        Core.Reports.ReportQueues.Email, Core.Reports.ReportQueues.Email + "-poison",
        Core.Import.IImportQueue.Name, Core.Import.IImportQueue.Name + "-poison",
    ];
}
