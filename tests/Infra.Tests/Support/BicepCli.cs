using System.Diagnostics;

namespace EntryExit.Infra.Tests.Support;

/// <summary>The Bicep CLI: <c>BICEP_PATH</c>, else <c>.data/bicep/bicep</c> where <c>./dev</c> installs it from NuGet.</summary>
public static class BicepCli
{
    public const string EnvironmentVariable = "BICEP_PATH";

    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var path = string.IsNullOrWhiteSpace(configured) ? Repository.PathOf(".data", "bicep", "bicep") : configured;
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The Bicep CLI is not at {path}. Run `./dev install` (or `./dev test`), which restores the NuGet package " +
                    $"Azure.Bicep.CommandLine.linux-x64 via tools/Bicep/Bicep.proj into .data/bicep/, or set {EnvironmentVariable}.");
            }

            return path;
        }
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, no update checks: the CLI runs offline.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
