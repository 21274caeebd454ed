using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EntryExit.TestSupport;

/// <summary>
/// A child process for a fixture: output captured line by line (for readiness and for error messages), run under a
/// small bash watchdog that ends it in its own process group when the test process dies without disposing
/// (a crash or a cancelled run), and killed with its whole tree on dispose.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    // $1 = the test process id; the rest is the command. `set -m` puts the command in its own process group,
    // so `kill -- -$child` also reaches what it starts (dotnet tool run → the tool). CONT after TERM: a process a
    // fault test left stopped (Signal("STOP")) gets its TERM only once it runs again.
    private const string Watchdog = """
        parent=$1; shift
        set -m
        "$@" &
        child=$!
        trap 'kill -TERM -- -$child 2>/dev/null; kill -CONT -- -$child 2>/dev/null; exit 143' TERM INT HUP
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -TERM -- -"$child" 2>/dev/null
        kill -CONT -- -"$child" 2>/dev/null
        wait "$child"
        """;

    private const int MaxOutput = 256 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("watchdog");
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, name);
        process.OutputDataReceived += (_, e) => managed.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => managed.OnLine(e.Data);
        process.Exited += (_, _) => managed.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} did not start.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits until a line of output matches; fails early when the process exits, and at the timeout.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _output.ToString().Split('\n').Select(line => pattern.Match(line)).FirstOrDefault(m => m.Success);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((pattern, found));
        }

        var winner = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout));
        if (winner == found.Task)
        {
            return await found.Task;
        }

        var why = winner == _exited.Task
            ? $"exited with code {await _exited.Task} before printing a line that matches /{pattern}/"
            : $"printed no line that matches /{pattern}/ within {timeout.TotalSeconds:0} s";
        throw new InvalidOperationException($"{Name} {why}. Its output:\n{Output}");
    }

    /// <summary>
    /// Sends a signal (<c>STOP</c>, <c>CONT</c>, …) to the command's process group, leaving the watchdog alone: a stopped
    /// process keeps its memory and its listening sockets (connections queue up unanswered) and goes on where it was
    /// when continued, which is how a fault test freezes an in-memory server without losing its data.
    /// </summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, "--", "-" + CommandProcessGroup().ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} of {Name} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>The process group the watchdog's <c>set -m</c> gave the command: that of its child other than <c>sleep</c>.</summary>
    private int CommandProcessGroup()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }

            // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (name != "sleep" && int.Parse(fields[1], CultureInfo.InvariantCulture) == Id)
            {
                return int.Parse(fields[2], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{Name} has no running command under its watchdog (pid {Id}).");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it would not die in time: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
            if (_output.Length > MaxOutput)
            {
                _output.Remove(0, _output.Length - (MaxOutput / 2));
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }
}
