using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using EntryExit.Core.Reports;
using EntryExit.Core.Security;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;

namespace EntryExit.Core.Purge;

/// <summary>
/// Purges one person on an operator's request (SPEC §1: operators purge): the reference photo (biometric data, PIPL
/// art. 28), the e-files, and every row kept under the person key. The person can no longer verify, and a token they
/// still hold is refused (a person missing behind a token is 401). A later import may bring them back.
/// </summary>
public sealed partial class PersonPurgeService(
    IPersonKeys personKeys,
    IPersonDataPurge data,
    IReferencePhotos photos,
    IReportFiles reportFiles,
    ISessionRevocations revocations,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<PersonPurgeService> logger)
{
    public async Task<Result<PurgedData>> PurgeAsync(PersonPurgeRequest request, CancellationToken cancellationToken)
    {
        if (!ResidentIdNumber.TryParse(request.IdNumber, ChinaTime.Today(clock), out var idNumber))
        {
            return ApiProblems.InvalidIdNumber();
        }

        var personKey = personKeys.KeyOf(idNumber);

        // A token of the person's may still be live: sign every one of their sessions out, as DELETE /api/identity/session would.
        var until = clock.GetUtcNow() + AccessTokens.Lifetime;
        await foreach (var verificationId in data.VerificationsOfAsync(personKey, cancellationToken))
        {
            await revocations.RevokeAsync(verificationId, until, cancellationToken);
        }

        await photos.DeleteAsync(personKey, cancellationToken);

        // The PDFs before their rows: a purge that stops half-way leaves rows that the next purge finds again, never a
        // PDF that no row names any more.
        await foreach (var number in data.ReportsOfAsync(personKey, cancellationToken))
        {
            await reportFiles.DeleteAsync(number, cancellationToken);
        }

        var purged = await data.DeleteRowsAsync(personKey, cancellationToken);
        await audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), "person.purge", purged.Person ? "purged" : "not_found", personKey, null), cancellationToken);
        LogPurged(logger, idNumber.Masked, purged.Person, purged.Rows, purged.Reports);
        return purged;
    }

    [LoggerMessage(LogLevel.Warning, "Person {IdNumber} purged (person row found: {Found}; {Rows} other rows, {Reports} e-files)")]
    private static partial void LogPurged(ILogger logger, string idNumber, bool found, int rows, int reports);
}
