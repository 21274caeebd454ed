using System.Diagnostics;
using System.Text;

namespace EntryExit.EFile.Tests.Signing;

/// <summary>A command-line tool's exit code and output.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>Runs pdfsig, qpdf, certutil and openssl on files in a temporary folder of the test's own.</summary>
internal sealed class Tools : IDisposable
{
    public Tools()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"efile-sig-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static ToolRun Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in a minute.");
        }

        return new ToolRun(process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
