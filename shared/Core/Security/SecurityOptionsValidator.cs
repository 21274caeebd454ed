using Microsoft.Extensions.Options;

namespace EntryExit.Core.Security;

/// <summary>Every key of <see cref="SecurityOptions"/> is base64 of at least 32 bytes, checked at start rather than at the first request that needs it.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<(string Name, string Value)>
        {
            (nameof(SecurityOptions.PersonKeySecret), options.PersonKeySecret),
            (nameof(SecurityOptions.DataProtectionKey), options.DataProtectionKey),
            (nameof(SecurityOptions.TokenSigningKey), options.TokenSigningKey),
        };
        keys.AddRange(options.RetiredTokenKeys.Select(k => ($"{nameof(SecurityOptions.RetiredTokenKeys)}:{k.Key}", k.Value)));

        var failures = new List<string>();
        foreach (var (key, value) in keys.Where(k => !string.IsNullOrEmpty(k.Value)))
        {
            try
            {
                SecurityOptions.DecodeKey(value, key);
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
