using EntryExit.Core.Identity;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.Identity;

/// <summary>Identity verification (SPEC §2.1): name + ID number, then liveness, then an access token.</summary>
public sealed class VerificationFunctions(IdentityService identity)
{
    [Function("StartVerification")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/identity/verifications")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadAsync<VerificationRequest>(request, cancellationToken);
        if (!body.IsSuccess)
        {
            return ApiResults.Problem(body.Problem);
        }

        return ApiResults.From(await identity.StartAsync(body.Value, ClientAddresses.Of(request), cancellationToken), started => ApiResults.Json(
            StatusCodes.Status201Created,
            new
            {
                verificationId = started.VerificationId,
                liveness = new
                {
                    provider = started.Liveness.Provider,
                    sessionId = started.Liveness.SessionId,
                    challenge = started.Liveness.Challenge,
                    expiresAt = ApiJson.Time(started.Liveness.ExpiresAt),
                },
            }));
    }

    [Function("CompleteLiveness")]
    public async Task<IActionResult> CompleteLiveness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/identity/verifications/{verificationId}/liveness")] HttpRequest request,
        string verificationId,
        CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadAsync<LivenessAnswer>(request, cancellationToken);
        if (!body.IsSuccess)
        {
            return ApiResults.Problem(body.Problem);
        }

        return ApiResults.From(await identity.CompleteAsync(verificationId, body.Value, ClientAddresses.Of(request), cancellationToken), token => ApiResults.Json(
            StatusCodes.Status200OK,
            new { accessToken = token.Token, expiresAt = ApiJson.Time(token.ExpiresAt) }));
    }

    [Function("SignOut")]
    public Task<IActionResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/identity/session")] HttpRequest request,
        CancellationToken cancellationToken) =>
        CitizenRequests.RunAsync(request, identity, async grant =>
        {
            await identity.SignOutAsync(grant, ClientAddresses.Of(request), cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}
