using FiveHundreds.Ingest.Alerts;
using MailKit.Net.Smtp;
using MimeKit;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Infrastructure;

// Sends one email through the configured SMTP server (Alerts:Smtp): alert emails, invites and assignments all
// go out through here.
public sealed class SmtpMailer(IOptions<AlertEmailOptions> options)
{
    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.Host);

    public string From => options.Value.From;

    // Throws when no server is configured, or it refused or did not answer before cancellationToken.
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrEmpty(smtp.Host))
        {
            throw new InvalidOperationException("No SMTP server is configured (Alerts:Smtp:Host).");
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
