using Azure.Core;
using Azure.Identity;

namespace EntryExit;

/// <summary>
/// How every Azure client of the app signs in: the user-assigned managed identity when its client id is set (Azure),
/// else the default chain (a developer's sign-in). One file, linked as source into the projects that build clients
/// (Storage, Email, the function app), as none of them depends on another.
/// </summary>
internal static class AzureCredentials
{
    public static TokenCredential For(string? clientId) =>
        string.IsNullOrEmpty(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}
