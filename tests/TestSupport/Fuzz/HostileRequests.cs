using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EntryExit.Core.Identity;

namespace EntryExit.TestSupport.Fuzz;

/// <summary>
/// A seeded stream of hostile requests across every route of the API: malformed JSON, wrong types, unicode edge cases
/// (NUL, lone surrogates, bidi marks, 4-byte characters, full-width digits), huge strings, wrong content types, forged
/// tokens and continuation tokens, garbage and truncated PDFs, bad NDJSON. The same seed gives the same requests.
/// </summary>
public sealed class HostileRequests(int seed, FuzzTarget target)
{
    private static readonly string[] Routes =
    [
        "verifications", "liveness", "session", "documents", "issuances", "records", "reports", "report",
        "check", "lookup", "certificate", "page", "imports", "import", "purge", "health", "contract",
    ];

    /// <summary>
    /// Real people's numbers among <see cref="Nasty"/> (the bench's fuzz person, the demo commuter): drawn, they become a
    /// valid number of nobody, so the round never purges a person, nor locks one out with failed verifications (five
    /// lock a number for an hour), that it or a test after it relies on.
    /// </summary>
    private static readonly string[] Spared = ["11010519491231002X", "１１０１０５１９４９１２３１００２Ｘ", "44030419850612137X"];

    /// <summary>
    /// One over-limit upload (20 MB + 1 byte of zeros) shared by every request that sends it, so a long round never holds
    /// more than one: the server must refuse it while it streams, whatever the sender holds.
    /// </summary>
    private static readonly Lazy<byte[]> OverLimit = new(() => new byte[(20 * 1024 * 1024) + 1]);

    /// <summary>Strings an attacker tries in any field.</summary>
    private static readonly string[] Nasty =
    [
        "", " ", "\0", "a\0b", "\uD800", "\uDFFF", "a\uDC00b", "\u202Egpj.exe", "\u200F\u200E", "\u2066x\u2069", "𠮷", "😀😀", "\uFEFF",
        "１２３４５６", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", "110105194912310021", "44030419850612137X",
        "张三", "买买提·艾力", "A\u030A", "null", "true", "0", "-1", "1e400", "NaN", "' OR 1=1 --", "../../etc/passwd", "%00", "%2F",
        "/ # ? \u0001", "<script>alert(1)</script>", "${jndi:ldap://x}", "a\r\nBcc: b@example.org", "\t", "E261125123456", "e261125123456",
        "E000000000000", "E9999999999999", "records", "issuances", "download", "email", "1y", "3m", "10y", "custom", "zh", "zh-en",
        "2024-01-01", "2024-02-30", "9999-12-31", "0001-01-01", "hk_macau_permit", "passport", "C60000001", "a@example.org",
        "a@[127.0.0.1]", "a@-b.c", "a\u202E@example.org", "Secret2026", "pem", "der", "p12",
    ];

    /// <summary>
    /// Characters of JSON values one request may hold: values nest (objects in arrays in objects), and without a bound a
    /// few unlucky draws multiply into a body of gigabytes. Enough for bodies past the 64 KB cap now and then.
    /// </summary>
    private const int LongValueBudget = 128 * 1024;

    /// <summary>Characters of a claim's value: its token must stay well inside Kestrel's 32 KB of headers (see <see cref="Claims"/>).</summary>
    private const int ClaimBudget = 1024;

    private readonly Random random = new(seed);
    private int budget;

    /// <summary>The seed of this stream: the same seed and target give the same requests, in the same order.</summary>
    public int Seed => seed;

    public FuzzRequest Next()
    {
        budget = LongValueBudget;
        var route = Routes[random.Next(Routes.Length)];
        return route switch
        {
            "verifications" => Json(route, HttpMethod.Post, "/api/identity/verifications", ["name", "idNumber"], auth: false),
            "liveness" => Json(route, HttpMethod.Post, $"/api/identity/verifications/{Segment()}/liveness", ["result"], auth: false),
            "session" => WithoutGenuineToken(Plain(route, HttpMethod.Delete, "/api/identity/session", auth: true)),
            "documents" => Plain(route, HttpMethod.Get, "/api/documents" + Query("kind"), auth: true),
            "issuances" => Plain(route, HttpMethod.Get, "/api/issuances", auth: true),
            "records" => Json(route, HttpMethod.Post, "/api/records/query", ["range", "from", "to", "documents", "pageSize", "continuationToken"], auth: true),
            "reports" => Json(route, HttpMethod.Post, "/api/reports", ["kind", "range", "from", "to", "documents", "delivery", "email", "password", "language"], auth: true),
            "report" => Plain(route, HttpMethod.Get, $"/api/reports/{Segment()}", auth: true),
            "check" => Pdf(route),
            "lookup" => Plain(route, HttpMethod.Get, $"/api/verifications/document/{Segment()}" + Query("code"), auth: false),
            "certificate" => Plain(route, HttpMethod.Get, "/api/certificates/issuer" + Query("format"), auth: false),
            "page" => Plain(route, HttpMethod.Get, "/verify" + ("?" + Query("n").TrimStart('?') + "&" + Query("c").TrimStart('?')).TrimEnd('&'), auth: false),
            "contract" => Plain(route, HttpMethod.Get, "/api/openapi.yaml" + Query("x"), auth: false),
            "imports" => Ndjson(route),
            "import" => Keyed(Plain(route, HttpMethod.Get, $"/api/ops/imports/{Segment()}", auth: false)),
            "purge" => Keyed(Json(route, HttpMethod.Post, "/api/ops/persons/purge", ["idNumber"], auth: false)),
            _ => Plain(route, HttpMethod.Get, "/api/health" + Query("x"), auth: false),
        };
    }

    private FuzzRequest Plain(string route, HttpMethod method, string path, bool auth) =>
        new(route, method, path, Headers(auth), null, null, false, auth ? "auth variant" : "query and path");

    private FuzzRequest Json(string route, HttpMethod method, string path, string[] fields, bool auth)
    {
        var (shape, body) = random.Next(10) switch
        {
            0 => ("malformed JSON", Malformed(fields)),
            1 => ("not an object", Encoding.UTF8.GetBytes(Pick("[]", "\"x\"", "42", "null", "true", "[{}]", "{}"))),
            2 => ("over 64 KB", Encoding.UTF8.GetBytes($"{{\"{fields[0]}\":\"{new string('x', 70_000)}\"}}")),
            3 => ("deep nesting", Encoding.UTF8.GetBytes($"{{\"{fields[0]}\":{new string('[', 200 + random.Next(2000))}")),
            4 => ("invalid UTF-8", [.. "{\""u8, .. Encoding.UTF8.GetBytes(fields[0]), .. "\":\""u8, 0xC0, 0xAF, 0xFF, 0xED, 0xA0, 0x80, .. "\"}"u8]),
            5 => ("UTF-16 body", Encoding.Unicode.GetBytes(ObjectText(fields))),
            _ => ("hostile values", Encoding.UTF8.GetBytes(ObjectText(fields))),
        };
        var contentType = random.Next(6) == 0
            ? Pick("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/pdf", "")
            : "application/json";
        if (random.Next(15) == 0)
        {
            (shape, body) = ("empty body", []);
        }

        var headers = Headers(auth).ToList();
        if (route == "reports" && random.Next(3) == 0)
        {
            headers.Add(new("Idempotency-Key", HeaderSafe(NastyString())));
        }

        return new(route, method, path, headers, contentType.Length == 0 ? null : contentType, body, random.Next(4) == 0, shape);
    }

    private FuzzRequest Pdf(string route)
    {
        var (shape, body) = random.Next(12) switch
        {
            0 => ("garbage", RandomBytes(random.Next(1, 4096))),
            1 => ("truncated e-file", target.SamplePdf[..random.Next(1, target.SamplePdf.Length)]),
            2 => ("scrambled e-file", Scrambled(target.SamplePdf)),
            3 => ("/ByteRange( runs", Repeat("%PDF-1.7\n", "/ByteRange(", random.Next(1, 64) * 1024)),
            4 => ("unbalanced literals", Repeat("%PDF-1.7\ntrailer<</Info(", "(", random.Next(1, 64) * 1024)),
            5 => ("comment runs", Repeat("%PDF-1.7\ntrailer<</A ", "%", random.Next(1, 64) * 1024)),
            6 => ("deep nesting", Repeat("%PDF-1.7\ntrailer<</A ", "[", random.Next(1, 16) * 1024)),
            7 => ("huge xref count", Encoding.ASCII.GetBytes($"%PDF-1.7\nxref\n0 {random.NextInt64()}\ntrailer<</Size 1>>\nstartxref\n9\n%%EOF")),
            8 => ("hostile subject", Encoding.UTF8.GetBytes($"%PDF-1.7\n1 0 obj<</Subject({NastyString()})>>endobj\ntrailer<</Info 1 0 R/Encrypt<</Filter/Standard/V 5/R 6/U<{new string('0', 96)}>/O<00>/UE<00>/OE<00>>>>>\n%%EOF")),
            9 => ("over 20 MB", random.Next(20) == 0 ? OverLimit.Value : target.SamplePdf),
            10 => ("empty", []),
            _ => ("e-file", target.SamplePdf),
        };
        var headers = Headers(auth: false).ToList();
        if (random.Next(3) == 0)
        {
            headers.Add(new("X-Pdf-Password", HeaderSafe(NastyString())));
        }

        var contentType = random.Next(5) == 0 ? Pick("application/json", "text/plain", "application/octet-stream", "") : "application/pdf";
        return new(route, HttpMethod.Post, "/api/verifications/document", headers, contentType.Length == 0 ? null : contentType, body, random.Next(4) == 0, shape);
    }

    private FuzzRequest Ndjson(string route)
    {
        var lines = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            lines.Append(random.Next(5) switch
            {
                0 => "{\"type\":",
                1 => ObjectText(["type", "idNumber", "name", "sex", "birthDate", "residency", "documentKind", "documentNumber", "direction", "at", "port"]),
                2 => $"{{\"type\":\"{Pick("person", "document", "endorsement", "crossing", "issuance", "other")}\",\"idNumber\":{Value(0)}}}",
                3 => NastyString(),
                _ => "[1,2,3]",
            }).Append(Pick("\n", "\r\n", "\n\n", "\0\n"));
        }

        var body = Encoding.UTF8.GetBytes(lines.ToString());
        if (random.Next(6) == 0)
        {
            body = [0xEF, 0xBB, 0xBF, .. body, 0xFF, 0xFE];
        }

        var contentType = random.Next(4) == 0 ? Pick("application/json", "text/plain", "") : "application/x-ndjson";
        var request = new FuzzRequest(route, HttpMethod.Post, "/api/ops/imports", [], contentType.Length == 0 ? null : contentType, body, random.Next(3) == 0, "bad NDJSON");
        return Keyed(request);
    }

    /// <summary>A valid ID number of nobody: born on a day no test, demo or bench person is born on.</summary>
    private string Nobody()
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"11010519310101{random.Next(1000):D3}");
        return body + ResidentIdNumber.CheckCharacterFor(body);
    }

    /// <summary>Signing out with the fuzzer's own token would end every authenticated request after it: a forged one instead.</summary>
    private FuzzRequest WithoutGenuineToken(FuzzRequest request) => request with
    {
        Headers = [.. request.Headers.Select(h => h.Value.EndsWith(target.AccessToken, StringComparison.Ordinal)
            ? new KeyValuePair<string, string>(h.Key, "Bearer " + Token("HS256", target.TokenKeyId, Claims(), sign: true))
            : h)],
    };

    /// <summary>Mostly the function key, sometimes none or a wrong one (the platform's 401, with no body).</summary>
    private FuzzRequest Keyed(FuzzRequest request) => request with
    {
        Headers = [.. request.Headers, new("x-functions-key", random.Next(8) == 0 ? HeaderSafe(NastyString()) : target.FunctionKey)],
    };

    /// <summary>A client address of its own for every request, so failures counted per address lock out nobody else.</summary>
    private List<KeyValuePair<string, string>> Headers(bool auth)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("X-Forwarded-For", string.Create(CultureInfo.InvariantCulture, $"198.18.{random.Next(256)}.{random.Next(1, 255)}")),
        };
        if (auth || random.Next(5) == 0)
        {
            var authorization = Authorization();
            if (authorization is not null)
            {
                headers.Add(new("Authorization", authorization));
            }
        }

        return headers;
    }

    private string? Authorization() => random.Next(14) switch
    {
        0 => null,
        1 => "Bearer ",
        2 => "Bearer " + HeaderSafe(NastyString()),
        3 => "Basic dXNlcjpwYXNz",
        4 => "bearer " + target.AccessToken,
        5 => "Bearer " + Token("none", target.TokenKeyId, Claims(), sign: false),
        6 => "Bearer " + Token("HS256", target.TokenKeyId, Claims(), sign: true, key: RandomBytes(32)),
        7 or 8 or 9 => "Bearer " + Token("HS256", Pick(target.TokenKeyId, target.TokenKeyId, "other", "", "\u202E"), Claims(), sign: true),
        10 => "Bearer " + target.AccessToken[..random.Next(1, target.AccessToken.Length)],
        11 => "Bearer " + new string('A', 10_000),
        _ => "Bearer " + target.AccessToken,
    };

    /// <summary>Claims a well-signed token should never be trusted with: out-of-range times, odd alphabets, nobody.</summary>
    /// <remarks>
    /// A token travels in a header, and Kestrel (the development host's and the Functions host's) answers a bare 431 to
    /// headers over 32 KB before any code of ours runs: so a claim of the wrong type is a small value.
    /// </remarks>
    private string Claims()
    {
        var saved = budget;
        budget = Math.Min(budget, ClaimBudget);
        var sub = random.Next(6) switch
        {
            0 => "\"" + Convert.ToHexStringLower(RandomBytes(32)) + "\"",
            1 => "\"/ # ? \\u0001\"",
            2 => Value(0),
            3 => "\"" + new string('f', 5000) + "\"",
            _ => JsonText(NastyString()),
        };
        budget = saved;
        var exp = Pick("9000000000000000000", "-62135596801", "253402300800", "1e30", "\"soon\"", "null", "4102444800", "0", "-1");
        return $"{{\"sub\":{sub},\"vid\":{JsonText(NastyString())},\"exp\":{exp}}}";
    }

    private string Token(string alg, string kid, string claims, bool sign, byte[]? key = null)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"JWT\",\"kid\":{JsonText(kid)}}}"));
        var signed = header + "." + Base64Url(Encoding.UTF8.GetBytes(claims));
        var signature = sign ? HMACSHA256.HashData(key ?? target.TokenSigningKey, Encoding.ASCII.GetBytes(signed)) : [];
        return signed + "." + Base64Url(signature);
    }

    private string ObjectText(string[] fields, int depth = 0)
    {
        var text = new StringBuilder("{");
        foreach (var field in fields.Where(_ => random.Next(4) != 0))
        {
            text.Append(JsonText(random.Next(20) == 0 ? NastyString() : field)).Append(':').Append(Value(depth)).Append(',');
        }

        if (random.Next(5) == 0)
        {
            text.Append(JsonText(fields[random.Next(fields.Length)])).Append(':').Append(Value(depth)).Append(',');
        }

        return text.ToString().TrimEnd(',') + "}";
    }

    /// <summary>
    /// Any JSON value, wrong types and continuation-token look-alikes included. A value that holds values holds them one
    /// level deeper, and below three levels only plain values are drawn, so a value is a finite tree; every plain value
    /// draws its length from the request's <see cref="LongValueBudget"/>, and once that is spent values are <c>null</c>.
    /// </summary>
    private string Value(int depth)
    {
        if (budget <= 0)
        {
            return "null";
        }

        var value = random.Next(depth > 2 ? 7 : 13) switch
        {
            0 or 1 or 2 => JsonText(NastyString()),
            3 => Pick("0", "-1", "1.5", "1e400", "-0", "9223372036854775808", "100", "1000000", "20"),
            4 => Pick("true", "false", "null"),
            5 => JsonText(new string(Pick('x', '中', '\u202E'), Math.Min(random.Next(1, 30_000), budget))),
            6 => JsonText(Convert.ToBase64String(RandomBytes(random.Next(1, 200)))),
            7 => Nested(JsonText(Base64Url(Encoding.UTF8.GetBytes(ObjectText(["last", "mac", "person"], depth + 1))))),
            8 => Nested("[" + string.Join(',', Enumerable.Range(0, random.Next(0, 5)).Select(_ => Value(depth + 1))) + "]"),
            9 => Repeated(Pick("null", "{}", "{\"kind\":\"passport\",\"number\":\"E60000001\"}"), random.Next(1, 1200)),
            10 => Nested("[" + string.Join(',', Enumerable.Range(0, random.Next(1, 30)).Select(_ => $"{{\"kind\":{Value(3)},\"number\":{Value(3)}}}")) + "]"),
            11 => Nested(ObjectText(["kind", "number", "x"], depth + 1)),
            _ => JsonText(random.Next(2) == 0 ? "Secret2026" : "a@example.org"),
        };
        budget -= value.Length;
        return value;
    }

    /// <summary>A value made of values that have spent their own length already.</summary>
    private string Nested(string value)
    {
        budget += value.Length;
        return value;
    }

    /// <summary>A JSON array of <paramref name="count"/> copies of <paramref name="item"/>, fewer when the budget runs short.</summary>
    private string Repeated(string item, int count) =>
        "[" + string.Join(',', Enumerable.Repeat(item, Math.Min(count, budget / (item.Length + 1)))) + "]";

    private byte[] Malformed(string[] fields)
    {
        var text = ObjectText(fields);
        return Encoding.UTF8.GetBytes(random.Next(8) switch
        {
            0 => text[..random.Next(text.Length)],
            1 => text + "garbage",
            2 => text.Replace('"', '\''),
            3 => "{" + fields[0] + ":1}",
            4 => "{\"" + fields[0] + "\":NaN}",
            5 => "/* comment */" + text,
            6 => "{\"" + fields[0] + "\":\"\\uD800\\u0000\\x\"}",
            _ => text.Replace(":", "", StringComparison.Ordinal),
        });
    }

    private string Query(string name) => random.Next(3) switch
    {
        0 => "",
        1 => "?" + name + "=" + Uri.EscapeDataString(NastyString()),
        _ => "?" + name + "=" + Uri.EscapeDataString(NastyString()) + "&" + name + "=" + Uri.EscapeDataString(NastyString()),
    };

    /// <summary>A path segment that still routes: never empty, never a dot segment the client would resolve away.</summary>
    private string Segment()
    {
        var value = Uri.EscapeDataString(random.Next(4) == 0 ? new string('E', random.Next(1, 3000)) : NastyString());
        return value.Trim('.').Length == 0 ? "x" + value : value;
    }

    private string NastyString() => random.Next(5) == 0
        ? string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => NastyOne()))
        : NastyOne();

    private string NastyOne()
    {
        var value = Nasty[random.Next(Nasty.Length)];
        return Spared.Contains(value) ? Nobody() : value;
    }

    /// <summary>A header value HttpClient will send: no line breaks or other control characters, Latin-1 only.</summary>
    private static string HeaderSafe(string value)
    {
        var safe = new string(value.Where(c => c is >= ' ' and <= '~').ToArray());
        return safe.Length == 0 ? "x" : safe;
    }

    /// <summary>A JSON string literal written by hand, so lone surrogates and control characters go out as escapes.</summary>
    private static string JsonText(string value)
    {
        var text = new StringBuilder("\"", value.Length + 2);
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                _ when c < ' ' || char.IsSurrogate(c) => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    private T Pick<T>(params T[] values) => values[random.Next(values.Length)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Scrambled(byte[] source)
    {
        var scrambled = (byte[])source.Clone();
        for (var i = random.Next(1, 40); i > 0; i--)
        {
            scrambled[random.Next(scrambled.Length)] = (byte)random.Next(256);
        }

        return scrambled;
    }

    private static byte[] Repeat(string prefix, string unit, int size) =>
        Encoding.Latin1.GetBytes(new StringBuilder(prefix).Insert(prefix.Length, unit, Math.Max(1, size / unit.Length)).ToString());

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
