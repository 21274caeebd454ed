using EntryExit.Core.Problems;
using EntryExit.Core.Security;
using EntryExit.Core.Telemetry;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Identity;

/// <summary>What the client sends to start a verification.</summary>
public sealed record VerificationRequest(string? Name, string? IdNumber);

/// <summary>
/// What the client sends to finish it: the liveness client's result, <c>{"result": …}</c> on the wire. Named otherwise in
/// C# so that <c>.Result</c> in the source always means a task's result, which the no-synchronous-wait check forbids.
/// </summary>
public sealed record LivenessAnswer([property: System.Text.Json.Serialization.JsonPropertyName("result")] string? ClientResult);

/// <summary>A started verification: the liveness step comes next.</summary>
public sealed record VerificationStarted(string VerificationId, LivenessSession Liveness);

/// <summary>
/// Identity verification (SPEC §2.1): name + number against the population record, then the face step (liveness and
/// a match against the reference photo), then an access token. Every citizen endpoint authenticates through
/// <see cref="AuthenticateAsync"/>.
/// </summary>
/// <remarks>
/// Every guess is counted before it is judged (<see cref="Lockout.BeginAsync"/>), so parallel guesses cannot outrun the
/// lock; a success gives its count back.
/// </remarks>
public sealed partial class IdentityService(
    IPersonKeys personKeys,
    IPersonStore people,
    IReferencePhotos photos,
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

    /// <summary>What a client is told to wait when the face provider cannot answer.</summary>
    private const int FaceRetryAfterSeconds = 30;

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

        // Counted per key of the number whether or not anyone has it, so a lock says nothing about existence; and
        // counted now, before the guess is judged.
        var personKey = personKeys.KeyOf(idNumber);
        var limits = lockoutOptions.Value;
        var attempt = await lockout.BeginAsync(
            [(IdSubject(personKey), limits.MaxFailuresPerIdNumber), ("client:" + personKeys.KeyOf(client), limits.MaxFailuresPerClient)], cancellationToken);
        if (attempt.IsLocked)
        {
            LogLocked(logger, idNumber.Masked);
            metrics.Verification(VerificationOutcome.Locked);
            await AuditAsync("verification.start", "identity_locked", personKey, client, cancellationToken);
            return Locked(attempt.LockedUntil!.Value);
        }

        var person = await people.FindAsync(personKey, cancellationToken);

        // An unknown number and a wrong name take the same path and give the same answer: no enumeration.
        if (person is null || !person.Name.Matches(name) || person.IdNumber != idNumber)
        {
            await lockout.FailAsync(attempt.Slots, cancellationToken);
            LogNotVerified(logger, idNumber.Masked);
            metrics.Verification(VerificationOutcome.NotVerified);
            await AuditAsync("verification.start", "identity_not_verified", personKey, client, cancellationToken);
            return ApiProblems.IdentityNotVerified();
        }

        await lockout.ReleaseAsync(attempt.Slots, cancellationToken);
        if (person.Residency != Residency.Mainland)
        {
            await AuditAsync("verification.start", "counter_required", personKey, client, cancellationToken);
            return ApiProblems.CounterRequired();
        }

        // Without a reference photo the face cannot be matched: the citizen goes to a counter, and no (paid) session is made.
        var reference = await photos.FindAsync(personKey, cancellationToken);
        if (reference is null)
        {
            await AuditAsync("verification.start", "no_reference_photo", personKey, client, cancellationToken);
            return ApiProblems.NoReferencePhoto();
        }

        // Only now, with name and number matched, is a (paid) face session created.
        var expiresAt = clock.GetUtcNow().Add(VerificationLifetime);
        LivenessSession? session;
        try
        {
            session = await liveness.StartAsync(reference, expiresAt, cancellationToken);
        }
        catch (FaceUnavailableException e)
        {
            LogFaceUnavailable(logger, e.Message);
            await AuditAsync("verification.start", "face_unavailable", personKey, client, cancellationToken);
            return ApiProblems.FaceUnavailable(FaceRetryAfterSeconds);
        }

        if (session is null)
        {
            // Operators fix this by importing a better photo; the audit row (outcome reference_photo_unusable) says whose.
            LogReferencePhotoUnusable(logger);
            await AuditAsync("verification.start", "reference_photo_unusable", personKey, client, cancellationToken);
            return ApiProblems.NoReferencePhoto();
        }

        var verification = new Verification(random.NextId(), personKey, session, expiresAt, Completed: false);
        await verifications.CreateAsync(verification, cancellationToken);
        LogStarted(logger, idNumber.Masked, VerificationRef(verification.Id));
        metrics.Verification(VerificationOutcome.Started);
        await AuditAsync("verification.start", "started", personKey, client, cancellationToken);
        return new VerificationStarted(verification.Id, session);
    }

    public async Task<Result<AccessToken>> CompleteAsync(string verificationId, LivenessAnswer answer, ClientAddress client, CancellationToken cancellationToken)
    {
        var found = await verifications.FindAsync(verificationId, cancellationToken);
        if (found is null || found.ExpiresAt <= clock.GetUtcNow())
        {
            await AuditAsync("verification.liveness", "verification_not_found", found?.PersonKey, client, cancellationToken);
            return ApiProblems.VerificationNotFound();
        }

        // Each answer is counted on the verification before it is judged: at most three, however many arrive at once.
        var verification = await TakeAnswerAsync(found, cancellationToken);
        if (verification is null)
        {
            await AuditAsync("verification.liveness", "verification_used", found.PersonKey, client, cancellationToken);
            return ApiProblems.VerificationUsed();
        }

        // A face that fails counts against the identity like a wrong name (photos must not be tried forever), and a
        // locked identity cannot finish a verification it started before the lock.
        var attempt = await lockout.BeginAsync([(IdSubject(verification.PersonKey), lockoutOptions.Value.MaxFailuresPerIdNumber)], cancellationToken);
        if (attempt.IsLocked)
        {
            metrics.Verification(VerificationOutcome.Locked);
            await AuditAsync("verification.liveness", "identity_locked", verification.PersonKey, client, cancellationToken);
            return Locked(attempt.LockedUntil!.Value);
        }

        var reference = await photos.FindAsync(verification.PersonKey, cancellationToken);
        if (reference is null)
        {
            await lockout.ReleaseAsync(attempt.Slots, cancellationToken);
            await AuditAsync("verification.liveness", "no_reference_photo", verification.PersonKey, client, cancellationToken);
            return ApiProblems.NoReferencePhoto();
        }

        bool passed;
        try
        {
            passed = !string.IsNullOrEmpty(answer.ClientResult) && await liveness.HasPassedAsync(verification.Liveness, reference, answer.ClientResult, cancellationToken);
        }
        catch (FaceUnavailableException e)
        {
            // Nobody's fault: neither the lock count nor one of the verification's answers is spent.
            await lockout.ReleaseAsync(attempt.Slots, cancellationToken);
            await ReturnAnswerAsync(verification.Id, cancellationToken);
            LogFaceUnavailable(logger, e.Message);
            await AuditAsync("verification.liveness", "face_unavailable", verification.PersonKey, client, cancellationToken);
            return ApiProblems.FaceUnavailable(FaceRetryAfterSeconds);
        }

        if (!passed)
        {
            await lockout.FailAsync(attempt.Slots, cancellationToken);
            LogLivenessFailed(logger, VerificationRef(verification.Id));
            metrics.Verification(VerificationOutcome.FaceFailed);
            await AuditAsync("verification.liveness", "liveness_failed", verification.PersonKey, client, cancellationToken);
            return ApiProblems.LivenessFailed();
        }

        await lockout.ReleaseAsync(attempt.Slots, cancellationToken);
        if (!await verifications.TryCompleteAsync(verification, cancellationToken))
        {
            await AuditAsync("verification.liveness", "verification_used", verification.PersonKey, client, cancellationToken);
            return ApiProblems.VerificationUsed();
        }

        metrics.Verification(VerificationOutcome.Verified);
        await AuditAsync("verification.liveness", "verified", verification.PersonKey, client, cancellationToken);
        return tokens.Issue(verification.PersonKey, verification.Id);
    }

    /// <summary>
    /// A short, one-way reference to a verification for logs: the id itself is a bearer secret until the liveness step
    /// is done, so it is never logged.
    /// </summary>
    public static string VerificationRef(string verificationId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(verificationId)))[..12];

    /// <summary>Counts one answer on the verification (compare-and-swap); null when it is completed or its answers are spent.</summary>
    private async Task<Verification?> TakeAnswerAsync(Verification verification, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (verification.Completed || verification.Answers >= LivenessOptions.MaxAnswersPerVerification)
            {
                return null;
            }

            if (await verifications.TryReplaceAsync(verification with { Answers = verification.Answers + 1 }, cancellationToken) is { } taken)
            {
                return taken;
            }

            if (await verifications.FindAsync(verification.Id, cancellationToken) is not { } reread)
            {
                return null;
            }

            verification = reread;
        }
    }

    private async Task ReturnAnswerAsync(string verificationId, CancellationToken cancellationToken)
    {
        while (await verifications.FindAsync(verificationId, cancellationToken) is { Answers: > 0, Completed: false } current)
        {
            if (await verifications.TryReplaceAsync(current with { Answers = current.Answers - 1 }, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    private Problem Locked(DateTimeOffset until) =>
        ApiProblems.IdentityLocked(Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds)));

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
        await AuditAsync("session.sign_out", "revoked", grant.PersonKey, client, cancellationToken);
    }

    private static string IdSubject(PersonKey personKey) => "id:" + personKey.Value;

    private Task AuditAsync(string action, string outcome, PersonKey? person, ClientAddress client, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEntry(clock.GetUtcNow(), action, outcome, person, client.Network), cancellationToken);

    [LoggerMessage(LogLevel.Warning, "Identity {IdNumber} is locked")]
    private static partial void LogLocked(ILogger logger, string idNumber);

    [LoggerMessage(LogLevel.Information, "Identity not verified for {IdNumber}")]
    private static partial void LogNotVerified(ILogger logger, string idNumber);

    [LoggerMessage(LogLevel.Information, "Verification {VerificationRef} started for {IdNumber}")]
    private static partial void LogStarted(ILogger logger, string idNumber, string verificationRef);

    [LoggerMessage(LogLevel.Information, "Liveness failed for verification {VerificationRef}")]
    private static partial void LogLivenessFailed(ILogger logger, string verificationRef);

    [LoggerMessage(LogLevel.Warning, "The face provider is unavailable ({Reason}); the citizen was asked to retry and no failure was counted")]
    private static partial void LogFaceUnavailable(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning,
        "The face provider found a reference photo unusable (no face, or low quality); the person was sent to a counter. " +
        "Import a better photo: the Audit table's row with outcome reference_photo_unusable names the person key")]
    private static partial void LogReferencePhotoUnusable(ILogger logger);
}
