using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FiveHundreds.AppHost.DataStores;
using Npgsql;

namespace FiveHundreds.Tests.Infrastructure;

// Real PostgreSQL and Redis servers that a test can stop and start again (the fault tests need that), found and
// initialised the same way the AppHost's no-container mode does it.
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _binDirectory = LocalServerBinaries.FindPostgresBinDirectory();
    private readonly string _dataDirectory;
    private readonly bool _asRoot = Environment.IsPrivilegedProcess;
    private readonly bool _durable;

    // Tests run without fsync (a test server need not survive a power cut); benchmarks keep it, as production does.
    public PostgresServer(string dataDirectory, bool durable = false)
    {
        _dataDirectory = dataDirectory;
        _durable = durable;
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string Password { get; } = "pg-" + Guid.NewGuid().ToString("N");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Timeout=5;Command Timeout=30";

    public async Task StartAsync()
    {
        await LocalPostgresDataDirectory.EnsureInitializedAsync(_binDirectory, _dataDirectory, Password, _asRoot, CancellationToken.None);
        await PgCtlAsync("start", "-w", "-l", Path.Combine(_dataDirectory, "server.log"), "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200" + (_durable ? "" : " -c fsync=off"));
    }

    public Task StopAsync() => PgCtlAsync("stop", "-w", "-m", "fast");

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task PgCtlAsync(params string[] arguments)
    {
        var pgCtl = Path.Combine(_binDirectory, "pg_ctl");
        string[] full = ["-D", _dataDirectory, .. arguments];
        var startInfo = _asRoot ? new ProcessStartInfo("runuser") : new ProcessStartInfo(pgCtl);
        if (_asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", pgCtl })
            {
                startInfo.ArgumentList.Add(a);
            }
        }
        foreach (var a in full)
        {
            startInfo.ArgumentList.Add(a);
        }
        startInfo.RedirectStandardOutput = startInfo.RedirectStandardError = true;
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed: {await output}{await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }
    }
}

public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public async Task StartAsync()
    {
        var startInfo = new ProcessStartInfo(LocalServerBinaries.FindRedisServer())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            startInfo.ArgumentList.Add(a);
        }
        _process = Process.Start(startInfo)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await FreePort.WaitUntilListeningAsync(Port);
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

public static class ServerDataDirectory
{
    // A new temporary folder that the postgres user (which runs PostgreSQL when tests run as root) can enter.
    public static string Create(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }
        return directory.FullName;
    }
}

public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"Nothing listens on port {port}.");
    }
}
