using EntryExit.Core.Problems;
using EntryExit.Core.Security;
using EntryExit.Core.Time;
using Microsoft.Extensions.Logging;

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
    ISecureRandom random,
    TimeProvider clock,
    ILogger<IdentityService> logger)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromMinutes(10);

    public async Task<Result<VerificationStarted>> StartAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        if (!ResidentIdNumber.TryParse(request.IdNumber, ChinaTime.Today(clock), out var idNumber))
        {
            return ApiProblems.InvalidIdNumber();
        }

        if (!PersonName.TryParse(request.Name, out var name))
        {
            return ApiProblems.InvalidName();
        }

        var key = personKeys.KeyOf(idNumber);
        var person = await people.FindAsync(key, cancellationToken);

        // An unknown number and a wrong name take the same path and give the same answer: no enumeration.
        if (person is null || !person.Name.Matches(name) || person.IdNumber != idNumber)
        {
            LogNotVerified(logger, idNumber.Masked);
            return ApiProblems.IdentityNotVerified();
        }

        if (person.Residency != Residency.Mainland)
        {
            return ApiProblems.CounterRequired();
        }

        var expiresAt = clock.GetUtcNow().Add(VerificationLifetime);
        var session = await liveness.StartAsync(expiresAt, cancellationToken);
        var verification = new Verification(random.NextId(), key, session, expiresAt, Completed: false);
        await verifications.CreateAsync(verification, cancellationToken);
        LogStarted(logger, idNumber.Masked, verification.Id);
        return new VerificationStarted(verification.Id, session);
    }

    public async Task<Result<AccessToken>> CompleteAsync(string verificationId, LivenessAnswer answer, CancellationToken cancellationToken)
    {
        var verification = await verifications.FindAsync(verificationId, cancellationToken);
        if (verification is null || verification.ExpiresAt <= clock.GetUtcNow())
        {
            return ApiProblems.VerificationNotFound();
        }

        if (verification.Completed)
        {
            return ApiProblems.VerificationUsed();
        }

        if (string.IsNullOrEmpty(answer.Result) || !await liveness.HasPassedAsync(verification.Liveness, answer.Result, cancellationToken))
        {
            LogLivenessFailed(logger, verification.Id);
            return ApiProblems.LivenessFailed();
        }

        if (!await verifications.TryCompleteAsync(verification, cancellationToken))
        {
            return ApiProblems.VerificationUsed();
        }

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

    public Task SignOutAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        revocations.RevokeAsync(grant.VerificationId, grant.ExpiresAt, cancellationToken);

    [LoggerMessage(LogLevel.Information, "Identity not verified for {IdNumber}")]
    private static partial void LogNotVerified(ILogger logger, string idNumber);

    [LoggerMessage(LogLevel.Information, "Verification {VerificationId} started for {IdNumber}")]
    private static partial void LogStarted(ILogger logger, string idNumber, string verificationId);

    [LoggerMessage(LogLevel.Information, "Liveness failed for verification {VerificationId}")]
    private static partial void LogLivenessFailed(ILogger logger, string verificationId);
}
