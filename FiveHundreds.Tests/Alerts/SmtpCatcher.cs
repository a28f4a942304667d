using System.Diagnostics;
using FiveHundreds.Tests.Infrastructure;
using MimeKit;

namespace FiveHundreds.Tests.Alerts;

// A real SMTP server: Debian's aiosmtpd, storing every message it receives in a Maildir folder.
public sealed class SmtpCatcher : IAsyncDisposable
{
    private readonly string _root = ServerDataDirectory.Create("fivehundreds-smtp-");
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    // aiosmtpd creates the Maildir (tmp, new, cur) only where no folder exists yet.
    private string Maildir => Path.Combine(_root, "maildir");

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("aiosmtpd did not start (apt-get install python3-aiosmtpd).");
        await FreePort.WaitUntilListeningAsync(Port);
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Select(f => MimeMessage.Load(f))] : [];
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
