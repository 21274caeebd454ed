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
    public const string AuditTable = "Audit";

    public const string ReportsContainer = "reports";

    public static readonly string[] Tables = [PeopleTable, CrossingsTable, VerificationsTable, RevokedSessionsTable, ReportsTable, ImportsTable, FailureCountersTable, AuditTable];

    public static readonly string[] Queues =
    [
        Core.Reports.ReportQueues.Render, Core.Reports.ReportQueues.Render + "-poison",
        Core.Reports.ReportQueues.Email, Core.Reports.ReportQueues.Email + "-poison",
    ];
}
