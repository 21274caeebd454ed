using EntryExit.Core.Problems;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>What the client sends to start a verification.</summary>
public sealed record VerificationRequest(string? Name, string? IdNumber);

/// <summary>What the client sends to finish it.</summary>
public sealed record LivenessAnswer(string? Result);

/// <summary>A started verification: the liveness step comes next.</summary>
public sealed record VerificationStarted(string VerificationId, LivenessSession Liveness);

/// <summary>
/// Identity verification (SPEC §2.1): name + number against the population record, then liveness, then an
/// access token. Every citizen endpoint authenticates through <see cref="AuthenticateAsync"/>.
/// </summary>
public sealed partial class IdentityService(
    IPersonKeys personKeys,
    IPersonStore people,
    IVerificationStore verifications,
    ISessionRevocations revocations,
    ILivenessProvider liveness,
    AccessTokens tokens,
    Lockout lockout,
    IAuditLog audit,
    ISecureRandom random,
    TimeProvider clock,
    IOptions<LockoutOptions> lockoutOptions,
    EntryExitMetrics metrics,
    ILogger<IdentityService> logger)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromMinutes(10);

    public async Task<Result<VerificationStarted>> StartAsync(VerificationRequest request, ClientAddress client, CancellationToken cancellationToken)
    {
        if (!ResidentIdNumber.TryParse(request.IdNumber, ChinaTime.Today(clock), out var idNumber))
        {
            await AuditAsync("verification.start", "invalid_id_number", null, client, cancellationToken);
            return ApiProblems.InvalidIdNumber();
        }

        if (!PersonName.TryParse(request.Name, out var name))
        {
            await AuditAsync("verification.start", "invalid_name", null, client, cancellationToken);
            return ApiProblems.InvalidName();
        }

        // Counted per key of the number whether or not anyone has it, so a lock says nothing about existence.
        var key = personKeys.KeyOf(idNumber);
        var idSubject = IdSubject(key);
        var clientSubject = "client:" + personKeys.KeyOf(client);
        if (await lockout.LockedUntilAsync([idSubject, clientSubject], cancellationToken) is { } lockedUntil)
        {
            LogLocked(logger, idNumber.Masked);
            metrics.Verification(VerificationOutcome.Locked);
            await AuditAsync("verification.start", "identity_locked", key, client, cancellationToken);
            return ApiProblems.IdentityLocked((int)Math.Ceiling((lockedUntil - clock.GetUtcNow()).TotalSeconds));
        }

        var person = await people.FindAsync(key, cancellationToken);

        // An unknown number and a wrong name take the same path and give the same answer: no enumeration.
        if (person is null || !person.Name.Matches(name) || person.IdNumber != idNumber)
        {
            var limits = lockoutOptions.Value;
            await Task.WhenAll(
                lockout.RecordFailureAsync(idSubject, limits.MaxFailuresPerIdNumber, cancellationToken),
                lockout.RecordFailureAsync(clientSubject, limits.MaxFailuresPerClient, cancellationToken));
            LogNotVerified(logger, idNumber.Masked);
            metrics.Verification(VerificationOutcome.NotVerified);
            await AuditAsync("verification.start", "identity_not_verified", key, client, cancellationToken);
            return ApiProblems.IdentityNotVerified();
        }

        if (person.Residency != Residency.Mainland)
        {
            await AuditAsync("verification.start", "counter_required", key, client, cancellationToken);
            return ApiProblems.CounterRequired();
        }

        // Only now, with name and number matched, is a (paid) liveness session created.
        var expiresAt = clock.GetUtcNow().Add(VerificationLifetime);
        var session = await liveness.StartAsync(expiresAt, cancellationToken);
        var verification = new Verification(random.NextId(), key, session, expiresAt, Completed: false);
        await verifications.CreateAsync(verification, cancellationToken);
        LogStarted(logger, idNumber.Masked, verification.Id);
        metrics.Verification(VerificationOutcome.Started);
        await AuditAsync("verification.start", "started", key, client, cancellationToken);
        return new VerificationStarted(verification.Id, session);
    }

    public async Task<Result<AccessToken>> CompleteAsync(string verificationId, LivenessAnswer answer, ClientAddress client, CancellationToken cancellationToken)
    {
        var verification = await verifications.FindAsync(verificationId, cancellationToken);
        if (verification is null || verification.ExpiresAt <= clock.GetUtcNow())
        {
            await AuditAsync("verification.liveness", "verification_not_found", verification?.Person, client, cancellationToken);
            return ApiProblems.VerificationNotFound();
        }

        if (verification.Completed)
        {
            await AuditAsync("verification.liveness", "verification_used", verification.Person, client, cancellationToken);
            return ApiProblems.VerificationUsed();
        }

        if (string.IsNullOrEmpty(answer.Result) || !await liveness.HasPassedAsync(verification.Liveness, answer.Result, cancellationToken))
        {
            // A failed face check counts against the identity like a wrong name: photos must not be tried forever.
            await lockout.RecordFailureAsync(IdSubject(verification.Person), lockoutOptions.Value.MaxFailuresPerIdNumber, cancellationToken);
            LogLivenessFailed(logger, verification.Id);
            metrics.Verification(VerificationOutcome.FaceFailed);
            await AuditAsync("verification.liveness", "liveness_failed", verification.Person, client, cancellationToken);
            return ApiProblems.LivenessFailed();
        }

        if (!await verifications.TryCompleteAsync(verification, cancellationToken))
        {
            await AuditAsync("verification.liveness", "verification_used", verification.Person, client, cancellationToken);
            return ApiProblems.VerificationUsed();
        }

        metrics.Verification(VerificationOutcome.Verified);
        await AuditAsync("verification.liveness", "verified", verification.Person, client, cancellationToken);
        return tokens.Issue(verification.Person, verification.Id);
    }

    /// <summary>The grant behind an <c>Authorization: Bearer</c> header, or <c>token_invalid</c>.</summary>
    public async Task<Result<AccessGrant>> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        var token = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[scheme.Length..].Trim()
            : null;
        var grant = tokens.Read(token);
        if (grant is null || await revocations.IsRevokedAsync(grant.VerificationId, cancellationToken))
        {
            return ApiProblems.TokenInvalid();
        }

        return grant;
    }

    public async Task SignOutAsync(AccessGrant grant, ClientAddress client, CancellationToken cancellationToken)
    {
        await revocations.RevokeAsync(grant.VerificationId, grant.ExpiresAt, cancellationToken);
        await AuditAsync("session.sign_out", "revoked", grant.Person, client, cancellationToken);
    }

    private static string IdSubject(PersonKey key) => "id:" + key.Value;

    private Task AuditAsync(string action, string outcome, PersonKey? person, ClientAddress client, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), action, outcome, person, client.Network), cancellationToken);

    [LoggerMessage(LogLevel.Warning, "Identity {IdNumber} is locked")]
    private static partial void LogLocked(ILogger logger, string idNumber);

    [LoggerMessage(LogLevel.Information, "Identity not verified for {IdNumber}")]
    private static partial void LogNotVerified(ILogger logger, string idNumber);

    [LoggerMessage(LogLevel.Information, "Verification {VerificationId} started for {IdNumber}")]
    private static partial void LogStarted(ILogger logger, string idNumber, string verificationId);

    [LoggerMessage(LogLevel.Information, "Liveness failed for verification {VerificationId}")]
    private static partial void LogLivenessFailed(ILogger logger, string verificationId);
}
