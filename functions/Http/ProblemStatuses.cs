using System.Collections.Frozen;

namespace EntryExit.Functions.Http;

/// <summary>
/// The one table that turns a Core problem code into HTTP: its status and the problem's <c>title</c>. Core says what
/// went wrong and what the citizen needs (code, detail, fields, retry-after); only this table knows it is HTTP.
/// </summary>
public static class ProblemStatuses
{
    private static readonly FrozenDictionary<string, (int Status, string Title)> Table = new Dictionary<string, (int, string)>
    {
        // Requests
        ["invalid_request"] = (400, "请求格式错误"),
        ["payload_too_large"] = (413, "请求内容过大"),
        ["internal_error"] = (500, "服务暂时不可用"),

        // Identity
        ["invalid_id_number"] = (400, "公民身份号码无效"),
        ["invalid_name"] = (400, "姓名无效"),
        ["identity_not_verified"] = (422, "身份认证未通过"),
        ["identity_locked"] = (429, "尝试次数过多"),
        ["counter_required"] = (422, "请到窗口办理"),
        ["face_unavailable"] = (503, "人脸识别服务暂不可用"),
        ["verification_not_found"] = (404, "认证不存在"),
        ["verification_used"] = (409, "认证已使用"),
        ["liveness_failed"] = (422, "人脸识别未通过"),
        ["token_invalid"] = (401, "登录已失效"),

        // Records and documents
        ["invalid_range"] = (400, "查询时间范围无效"),
        ["range_exceeds_online_limit"] = (400, "超出线上查询范围"),
        ["invalid_page_size"] = (400, "每页条数无效"),
        ["invalid_continuation_token"] = (400, "翻页标记无效"),
        ["invalid_document"] = (400, "证件无效"),
        ["document_not_found"] = (404, "证件不存在"),

        // Reports
        ["invalid_kind"] = (400, "文件类型无效"),
        ["invalid_delivery"] = (400, "交付方式无效"),
        ["invalid_email"] = (400, "邮箱地址无效"),
        ["weak_password"] = (400, "密码不符合要求"),
        ["invalid_language"] = (400, "语言无效"),
        ["invalid_idempotency_key"] = (400, "请求标识无效"),
        ["idempotency_key_reused"] = (422, "请求标识已使用"),
        ["report_quota_exceeded"] = (429, "今日申请次数已达上限"),
        ["report_not_found"] = (404, "电子文件不存在"),

        // E-file checks and the issuer certificate
        ["invalid_format"] = (400, "证书格式无效"),
        ["not_a_pdf"] = (400, "不是 PDF 文件"),
        ["pdf_too_complex"] = (422, "文件结构过于复杂"),
        ["pdf_password_required"] = (400, "需要文件密码"),
        ["pdf_password_wrong"] = (400, "文件密码错误"),
        ["lookup_locked"] = (429, "尝试次数过多"),

        // Imports
        ["empty_import"] = (400, "导入内容为空"),
        ["import_not_found"] = (404, "导入不存在"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code the table maps.</summary>
    public static IEnumerable<string> Codes => Table.Keys;

    /// <summary>The status and title of <paramref name="code"/>; a code without a row is a programming error (500).</summary>
    public static (int Status, string Title) Of(string code) =>
        Table.TryGetValue(code, out var row) ? row : throw new InvalidOperationException($"Problem code '{code}' has no row in {nameof(ProblemStatuses)}.");
}
