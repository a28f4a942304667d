using System.Diagnostics;

namespace FiveHundreds.Tests.Infrastructure;

// A FiveHundreds service as it runs in production: its build in its own process on Kestrel, so that a
// benchmark's figures include HTTP and the memory is the service's alone, and a test can kill it outright.
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    // The Debug build of a FiveHundreds service beside the tests' own, e.g. "FiveHundreds.Ingest".
    public static string BuiltDll(string project)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FiveHundreds.sln")))
        {
            directory = directory.Parent;
        }
        var solution = directory?.FullName ?? throw new DirectoryNotFoundException("FiveHundreds.sln not found above the test binaries.");
        return Path.Combine(solution, project, "bin", "Debug", "net10.0", project + ".dll");
    }

    public static async Task<ServiceProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}" })
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (variable, value) in environment)
        {
            startInfo.Environment[variable] = value;
        }
        startInfo.WorkingDirectory = Path.GetDirectoryName(dll)!;
        var name = Path.GetFileNameWithoutExtension(dll);
        var process = Process.Start(startInfo)!;
        DataReceivedEventHandler echo = (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  [{name}] {e.Data}");
            }
        };
        process.OutputDataReceived += echo;
        process.ErrorDataReceived += echo;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address };
        // Generous: a first start migrates a new database, and the machine may be busy with other builds.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return new ServiceProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        process.Kill();
        throw new TimeoutException($"{name} did not become healthy.");
    }

    // The kernel's high-water mark of the process's resident memory.
    public long PeakResidentBytes() => StatusBytes("VmHWM:");

    public long ResidentBytes() => StatusBytes("VmRSS:");

    private long StatusBytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    // SIGKILL: no shutdown, no flushing, as when the machine or the container runtime kills it.
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
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
}
