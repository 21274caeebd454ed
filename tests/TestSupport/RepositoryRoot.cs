namespace EntryExit.TestSupport;

/// <summary>The repository root: the nearest folder above the test binaries that holds <c>Serverless.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() => Find(AppContext.BaseDirectory) ?? Find(Directory.GetCurrentDirectory())
        ?? throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}."));

    public static string Path => Root.Value;

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Serverless.sln, or null.</summary>
    public static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
