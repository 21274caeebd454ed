using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace EntryExit.DevHost;

/// <summary>Resolves <c>%SettingName%</c> in attribute values (queue names, schedules) as the Functions host does.</summary>
internal static partial class SettingExpressions
{
    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Placeholder();

    /// <summary>Replaces every <c>%Name%</c>; throws naming the function when a setting is missing.</summary>
    public static string Resolve(string value, IConfiguration configuration, string functionName)
    {
        return Placeholder().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            // Settings arrive as environment variables, where ':' is written '__'.
            return configuration[name]
                ?? configuration[name.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException(
                    $"Function '{functionName}': app setting '{name}' (referenced as %{name}%) is not set.");
        });
    }
}
