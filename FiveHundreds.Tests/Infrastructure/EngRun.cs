using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FiveHundreds.Tests.Infrastructure;

// `bash eng/run.sh` in a fresh clone, as a user starts the stack, with the sign-in it prints and the time it took
// until ingest, web and mcp answered their health checks (each waits for the data stores to be healthy first).
public sealed partial class EngRun : IAsyncDisposable
{
    public static readonly Uri Dashboard = new("http://localhost:5190");
    public static readonly Uri Ingest = new("http://localhost:5180");
    public static readonly Uri Mcp = new("http://localhost:5200");

    // The fixed addresses of the launch profiles (services and Aspire dashboard), free again once the stack stopped.
    private static readonly int[] FixedPorts = [5180, 5190, 5200, 15190, 17190, 21190, 22190];

    private readonly ChildProcess _process;

    private EngRun(ChildProcess process, string adminPassword, string adminToken, TimeSpan timeToHealthy)
    {
        _process = process;
        AdminPassword = adminPassword;
        AdminToken = adminToken;
        TimeToHealthy = timeToHealthy;
    }

    public string AdminPassword { get; }

    public string AdminToken { get; }

    public TimeSpan TimeToHealthy { get; }

    public string Output => _process.Output;

    public static async Task<EngRun> StartAsync(FreshClone clone, TimeSpan timeout)
    {
        await WaitUntilFixedPortsAreFreeAsync();
        var clock = Stopwatch.StartNew();
        // In a terminal Ctrl+C reaches eng/run.sh; a test run started in the background would hand it on ignored.
        var process = ChildProcess.Start("env", ["--default-signal=INT", "bash", "eng/run.sh"], clone.Root, clone.User.Environment);
        try
        {
            var printed = await process.WaitForOutputAsync(PrintedCredentials(), timeout);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var service in new[] { Ingest, Dashboard, Mcp })
            {
                while (!await IsHealthyAsync(http, service))
                {
                    if (process.HasExited || clock.Elapsed > timeout)
                    {
                        throw new TimeoutException($"{service} was not healthy after {clock.Elapsed}:\n{process.Output}");
                    }
                    await Task.Delay(500);
                }
            }
            return new EngRun(process, printed.Groups["password"].Value, printed.Groups["token"].Value, clock.Elapsed);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    // Ctrl+C, as in the terminal; gives eng/run.sh's exit code.
    public async Task<int> StopAsync()
    {
        _process.Interrupt();
        return await _process.WaitForExitAsync(TimeSpan.FromMinutes(1));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<bool> IsHealthyAsync(HttpClient http, Uri service)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(service, "/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilFixedPortsAreFreeAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in FixedPorts)
        {
            while (IsListening(port))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Port {port} of eng/run.sh's stack is taken: is a stack already running?");
                }
                await Task.Delay(250);
            }
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"sign in as admin / (?<password>\S+)\)[\s\S]*API token: (?<token>\S+)\)")]
    private static partial Regex PrintedCredentials();
}
