using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace FiveHundreds.Tests.Infrastructure;

// A program a test runs the way a user runs it from a terminal: its output (stdout and stderr in one) is kept for
// the test to wait on and to show when an assertion fails; Ctrl+C is a real SIGINT; whatever is left at the end is
// killed with its children.
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private ChildProcess(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardOutput = startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    // environment: variables to set, or to remove where the value is null.
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }
        return new ChildProcess(startInfo);
    }

    // Runs a program to its end and fails with its output when it does not succeed in time.
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var process = Start(program, arguments, workingDirectory, environment);
        var exitCode = await process.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}):\n{process.Output}");
        }
        return process.Output;
    }

    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = pattern.Match(Output);
            if (match.Success)
            {
                return match;
            }
            if (_process.HasExited)
            {
                // The last lines may still be on their way from the pipes.
                _process.WaitForExit();
                match = pattern.Match(Output);
                return match.Success ? match : throw new InvalidOperationException(
                    $"The process ended ({_process.ExitCode}) before printing {pattern}:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing matched {pattern} within {timeout}:\n{Output}");
            }
            await Task.Delay(250);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not end within {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    // What Ctrl+C in the terminal sends.
    public void Interrupt()
    {
        const int sigint = 2;
        if (!_process.HasExited && Kill(_process.Id, sigint) != 0)
        {
            throw new InvalidOperationException($"kill -INT {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
