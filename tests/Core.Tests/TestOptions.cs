using EntryExit.Core.Security;
using Microsoft.Extensions.Options;

namespace EntryExit.Core.Tests;

internal static class TestOptions
{
    public static IOptions<SecurityOptions> Security(string tokenKeyId = "k1") => Options.Create(new SecurityOptions
    {
        PersonKeySecret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        DataProtectionKey = Convert.ToBase64String(Enumerable.Range(33, 32).Select(i => (byte)i).ToArray()),
        TokenSigningKey = Convert.ToBase64String(Enumerable.Range(65, 32).Select(i => (byte)i).ToArray()),
        TokenKeyId = tokenKeyId,
    });
}
