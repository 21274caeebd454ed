using EntryExit.Core.EFileChecks;
using EntryExit.Core.Reports;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EntryExit.Functions.EFileChecks;

/// <summary>
/// <c>/api/verifications/document</c>: anyone, without an account, checks an e-file (SPEC §2.6) — by uploading the
/// PDF, or by its number and verification code.
/// </summary>
public sealed class EFileCheckFunctions(EFileCheckService checks)
{
    public const string PasswordHeader = "X-Pdf-Password";

    [Function("CheckEFile")]
    public async Task<IActionResult> Check(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/verifications/document")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var upload = await PdfUpload.ReadAsync(request, EFileCheckService.MaxPdfBytes, cancellationToken);
        if (!upload.IsSuccess)
        {
            return ApiResults.Problem(upload.Problem);
        }

        var result = await checks.CheckAsync(upload.Value, request.Headers[PasswordHeader].ToString(), ClientAddresses.Of(request), cancellationToken);
        return ApiResults.From(result, check => ApiResults.Json(StatusCodes.Status200OK, new
        {
            signatureValid = check.SignatureValid,
            unaltered = check.Unaltered,
            signedByIssuer = check.SignedByIssuer,
            signedBy = check.SignedBy,
            signerCertificateSha256 = check.SignerCertificateSha256,
            signedAt = check.SignedAt is { } signedAt ? ApiJson.Time(signedAt) : null,
            number = check.Number,
            known = check.Known,
            matchesRecord = check.MatchesRecord,
        }));
    }

    [Function("LookUpEFile")]
    public async Task<IActionResult> LookUp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/verifications/document/{number}")] HttpRequest request,
        string number,
        CancellationToken cancellationToken) =>
        ApiResults.From(await checks.LookupAsync(number, request.Query["code"].ToString(), ClientAddresses.Of(request), cancellationToken),
            recorded => ApiResults.Json(StatusCodes.Status200OK, new
            {
                known = true,
                kind = recorded.Kind.Code(),
                language = recorded.Language.Code(),
                madeAt = recorded.MadeAt is { } madeAt ? ApiJson.Time(madeAt) : null,
                pages = recorded.Pages,
                sha256 = recorded.Sha256,
            }));
}
