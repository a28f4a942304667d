using MailKit.Security;

namespace FiveHundreds.Ingest.Alerts;

// The SMTP server alerts are sent through. The AppHost passes them as parameters (the password a secret).
public sealed class AlertEmailOptions
{
    public const string SectionName = "Alerts:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    // None, StartTls, StartTlsWhenAvailable, SslOnConnect (TLS from the first byte) or Auto.
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "FiveHundreds <alerts@fivehundreds.invalid>";
}
