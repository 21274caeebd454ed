using EntryExit.Core.Identity;
using EntryExit.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EntryExit.Functions.Http;

/// <summary>Citizen endpoints: authenticate the bearer token, then run the service call as that person.</summary>
public static class CitizenRequests
{
    public static async Task<IActionResult> RunAsync(
        HttpRequest request,
        IdentityService identity,
        Func<AccessGrant, Task<IActionResult>> handle,
        CancellationToken cancellationToken)
    {
        var grant = await identity.AuthenticateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        return grant.IsSuccess ? await handle(grant.Value) : ApiResults.Problem(grant.Problem);
    }

    /// <summary>As <see cref="RunAsync"/>, with a JSON body read first.</summary>
    public static Task<IActionResult> RunAsync<TBody>(
        HttpRequest request,
        IdentityService identity,
        Func<AccessGrant, TBody, Task<IActionResult>> handle,
        CancellationToken cancellationToken)
        where TBody : class =>
        RunAsync(request, identity, async grant =>
        {
            Result<TBody> body = await RequestJson.ReadAsync<TBody>(request, cancellationToken);
            return body.IsSuccess ? await handle(grant, body.Value) : ApiResults.Problem(body.Problem);
        }, cancellationToken);
}
