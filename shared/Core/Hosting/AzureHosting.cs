namespace EntryExit.Core.Hosting;

/// <summary>Whether the app runs in Azure, told by the variables the platform sets on every instance.</summary>
public static class AzureHosting
{
    /// <summary>SPEC §5.2's variables: App Service / Functions, and container hosts.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["WEBSITE_SITE_NAME", "WEBSITE_INSTANCE_ID", "CONTAINER_NAME", "WEBSITE_SKU"];

    /// <summary>
    /// The variables App Service and Functions set, without <c>CONTAINER_NAME</c>: container hosts outside Azure set
    /// that too (this project's build machines do), so it cannot tell where the app's public address lives.
    /// </summary>
    public static IReadOnlyList<string> AppServiceVariables { get; } = ["WEBSITE_SITE_NAME", "WEBSITE_INSTANCE_ID", "WEBSITE_SKU"];

    /// <summary>
    /// Any of <see cref="Variables"/> is set: development-only parts refuse to start unless told otherwise.
    /// </summary>
    /// <param name="environment">Reads an environment variable (tests pass their own); the process's when null.</param>
    public static bool IsAzure(Func<string, string?>? environment = null) => AnySet(Variables, environment);

    /// <summary>Any of <see cref="AppServiceVariables"/> is set: the app runs as an Azure function app.</summary>
    /// <param name="environment">Reads an environment variable (tests pass their own); the process's when null.</param>
    public static bool IsAppService(Func<string, string?>? environment = null) => AnySet(AppServiceVariables, environment);

    private static bool AnySet(IReadOnlyList<string> variables, Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return variables.Any(name => !string.IsNullOrEmpty(environment(name)));
    }
}
