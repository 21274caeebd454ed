using System.Globalization;
using System.Text.Json;
using EntryExit.Core.Time;

namespace EntryExit.Functions.Http;

/// <summary>The API's JSON conventions (SPEC §5): camelCase, dates <c>YYYY-MM-DD</c>, times with <c>+08:00</c>.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,

        // Chinese text and "+08:00" as they are, not as \uXXXX escapes: the body is JSON, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset instant) => ChinaTime.ToChina(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
