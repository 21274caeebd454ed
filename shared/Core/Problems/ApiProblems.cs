namespace EntryExit.Core.Problems;

/// <summary>The problems of the API contract, one place for their codes and the citizen's guidance; their HTTP status and title are in <c>functions/Http/ProblemStatuses</c>.</summary>
public static class ApiProblems
{
    public static Problem InvalidJson(string detail) =>
        new("invalid_request", detail);

    public static Problem InvalidIdNumber() => Problem.Validation(
        "invalid_id_number", "idNumber", "请输入18位公民身份号码，最后一位可以是数字或X。");

    public static Problem InvalidName() => Problem.Validation(
        "invalid_name", "name", "请输入1至50个字符的姓名；姓名中的“·”请按顺序录入。");

    public static Problem IdentityNotVerified() =>
        new("identity_not_verified", "姓名与公民身份号码不匹配，请核对后重新输入。");

    public static Problem IdentityLocked(int retryAfterSeconds) =>
        new("identity_locked", "身份认证失败次数过多，请稍后再试。") { RetryAfterSeconds = retryAfterSeconds };

    public static Problem CounterRequired() =>
        new("counter_required", "委托他人代办、持因公普通护照或海员证的申请人，以及港澳台居民，请携带本人有效出入境证件或有效身份证原件，到出入境管理部门人工窗口办理查询。");

    public static Problem NoReferencePhoto() =>
        new("counter_required", "系统中没有可用于人脸识别的证件照，无法在线完成身份认证。请携带本人有效身份证原件，到出入境管理部门人工窗口办理查询。");

    public static Problem FaceUnavailable(int retryAfterSeconds) =>
        new("face_unavailable", "人脸识别服务繁忙，请稍后再试。本次不计入失败次数。") { RetryAfterSeconds = retryAfterSeconds };

    public static Problem VerificationNotFound() =>
        new("verification_not_found", "身份认证已过期或不存在，请重新认证。");

    public static Problem VerificationUsed() =>
        new("verification_used", "本次身份认证已完成，请重新认证。");

    public static Problem LivenessFailed() =>
        new("liveness_failed", "人脸识别未通过，请按提示重新进行人脸识别。");

    public static Problem TokenInvalid() =>
        new("token_invalid", "登录已过期或无效，请重新进行身份认证。");

    public static Problem InvalidRange(string field, string detail) =>
        Problem.Validation("invalid_range", field, detail);

    public static Problem RangeExceedsOnlineLimit() =>
        new("range_exceeds_online_limit", "线上仅能查看十年内的出入境记录。如需查询、打印跨度大于十年的出入境记录，请携带本人身份证到出入境记录自助查询机上查询，或到出入境管理部门人工窗口办理。")
        {
            Errors = new Dictionary<string, string[]> { ["range"] = ["线上仅能查看十年内的出入境记录。"] },
        };

    public static Problem DocumentNotFound() =>
        new("document_not_found", "未找到该证件，请核对证件类型和证件号码。");

    public static Problem InvalidField(string code, string field, string detail) =>
        Problem.Validation(code, field, detail);

    public static Problem InvalidEmail() => Problem.Validation(
        "invalid_email", "email", "请输入有效的邮箱地址。");

    public static Problem WeakPassword() => Problem.Validation(
        "weak_password", "password", "密码须为8至32位，且同时包含字母和数字。");

    public static Problem InvalidLanguage() => Problem.Validation(
        "invalid_language", "language", "电子文件的语言须为 zh（中文）或 zh-en（中文和英文）。");

    public static Problem ReportNotFound() =>
        new("report_not_found", "未找到该电子文件，请核对编号。");

    // E-file checks and the issuer certificate (SPEC §2.6, issue 6).
    public static Problem InvalidCertificateFormat() => Problem.Validation(
        "invalid_format", "format", "证书格式须为 pem、der 或 json。");

    public static Problem NotAPdf() =>
        new("not_a_pdf", "上传的内容不是 PDF 文件，请上传电子文件的 PDF 原件。");

    /// <summary>A body over its cap (a JSON body 64 KB, an uploaded PDF 20 MB), seen as it streams.</summary>
    public static Problem PayloadTooLarge(string detail) =>
        new("payload_too_large", detail);

    /// <summary>A PDF that would take more work to read than its size justifies (nesting, objects, cross-reference entries).</summary>
    public static Problem PdfTooComplex() =>
        new("pdf_too_complex", "上传的 PDF 文件结构过于复杂，无法核验；请上传电子文件的 PDF 原件。");

    public static Problem PdfPasswordRequired() =>
        new("pdf_password_required", "该电子文件已加密，请在 X-Pdf-Password 请求头中提供打开文件的密码。");

    public static Problem PdfPasswordWrong() =>
        new("pdf_password_wrong", "提供的密码无法打开该电子文件，请核对后重试。");

    public static Problem LookupLocked(int retryAfterSeconds) =>
        new("lookup_locked", "核验失败次数过多，请稍后再试。") { RetryAfterSeconds = retryAfterSeconds };

    // Safe retries of POST /api/reports (issue 15).
    public static Problem InvalidIdempotencyKey() => Problem.Validation(
        "invalid_idempotency_key", "Idempotency-Key", "Idempotency-Key 须为1至128个可见的 ASCII 字符，建议使用 UUID。");

    public static Problem IdempotencyKeyReused() =>
        new("idempotency_key_reused", "该 Idempotency-Key 已用于另一份不同内容的申请，请为新的申请使用新的标识。");

    public static Problem InternalError(string traceId) =>
        new("internal_error", "服务出现意外错误，请稍后再试。如问题持续，请联系客服并提供跟踪编号。") { TraceId = traceId };

    public static Problem ReportQuotaExceeded(int retryAfterSeconds) =>
        new("report_quota_exceeded", "每人每天最多申请20份电子文件，请明天再试。") { RetryAfterSeconds = retryAfterSeconds };

    // Imports (operators).
    public static Problem EmptyImport() => Problem.Validation("empty_import", "body", "请求正文须为 NDJSON，每行一条记录。");

    public static Problem ImportNotFound() => new("import_not_found", "未找到该导入。");
}
