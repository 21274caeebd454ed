using EntryExit.Core.Identity;
using EntryExit.Core.Problems;

namespace EntryExit.Core.Reports;

/// <summary>
/// The one report an <c>Idempotency-Key</c> stands for (SPEC §5). The claim on the key, with the report's number chosen
/// then, is stored before the report: a retry, a twin request arriving at the same time, or the retry of a request
/// that crashed in between all read the same number, and the conditional insert of the report lets exactly one of
/// them create it.
/// </summary>
public sealed class IdempotentReports(IIdempotencyKeys keys, IReportStore reports, TimeProvider clock)
{
    private const int Rounds = 10;

    /// <param name="requestHash">A keyed hash of the request: the same key with another request is refused.</param>
    /// <param name="newNumber">A fresh random report number.</param>
    /// <param name="tryCreate">
    /// Creates the report under the number (and queues it); null when the number is taken; a problem when the request is
    /// refused at creation (the daily quota, counted only here so that answering an existing report costs nothing).
    /// </param>
    public async Task<Result<Report>> FindOrCreateAsync(
        PersonKey personKey, string idempotencyKey, string requestHash, Func<ReportNumber> newNumber, Func<ReportNumber, Task<Result<Report>?>> tryCreate, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var wanted = new IdempotencyClaim(personKey, IdempotencyClaim.HashKey(idempotencyKey), requestHash, newNumber(), now);
        var claim = await keys.ClaimAsync(wanted, cancellationToken);
        for (var round = 0; round < Rounds; round++)
        {
            if (!claim.IsLiveAt(now))
            {
                // A use of the key from more than a day ago: this request starts afresh under it.
                claim = await keys.TryReplaceAsync(wanted with { Version = claim.Version }, cancellationToken)
                    ?? await keys.ClaimAsync(wanted, cancellationToken);
                continue;
            }

            if (claim.RequestHash != requestHash)
            {
                return ApiProblems.IdempotencyKeyReused();
            }

            var existing = await reports.FindAsync(claim.Number, cancellationToken);
            if (existing is not null && existing.PersonKey == personKey)
            {
                return existing;
            }

            if (existing is not null)
            {
                // The number chosen with the claim was taken by someone else's report: choose another, for every twin.
                claim = await keys.TryReplaceAsync(claim with { Number = newNumber() }, cancellationToken)
                    ?? await keys.ClaimAsync(wanted, cancellationToken);
                continue;
            }

            if (await tryCreate(claim.Number) is { } created)
            {
                return created;
            }

            // A twin request created it first (or another report took the number): the next round finds out which.
        }

        throw new InvalidOperationException("No report for an idempotency key after several rounds.");
    }
}
