using System.Net;
using FiveHundreds.Ingest.Infrastructure;
using MimeKit;

namespace FiveHundreds.Ingest.Auth;

// The emails people receive: an invitation, and an issue assigned to them. Sent only when SMTP is configured,
// never failing the request that caused them: the invite link is also shown to whoever invited, and an
// assignment is on the issue whether or not its email arrived.
public sealed class TeamEmail(SmtpMailer mailer, ILogger<TeamEmail> logger)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public Task<bool> SendInviteAsync(string to, string role, string link, DateTimeOffset expiresAt, CancellationToken ct) =>
        TrySendAsync(to, "You are invited to FiveHundreds",
            $"You are invited to join FiveHundreds as {role}. Accept before {expiresAt:yyyy-MM-dd HH:mm} UTC by setting your password:",
            link, "Accept the invitation", ct);

    public Task<bool> SendAssignedAsync(string to, string issueTitle, string assignedBy, string? link, CancellationToken ct) =>
        TrySendAsync(to, $"Assigned to you: {issueTitle}", $"{assignedBy} assigned you the issue \"{issueTitle}\".", link, "Open the issue", ct);

    private async Task<bool> TrySendAsync(string to, string subject, string text, string? link, string linkText, CancellationToken ct)
    {
        if (!mailer.IsConfigured)
        {
            return false;
        }
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(mailer.From));
        message.To.Add(MailboxAddress.Parse(to));
        static string E(string s) => WebUtility.HtmlEncode(s);
        message.Body = new BodyBuilder
        {
            TextBody = link is null ? text : $"{text}\n\n{link}\n",
            HtmlBody = $"<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><p>{E(text)}</p>"
                + (link is null ? "" : $"<p><a href=\"{E(link)}\">{E(linkText)}</a></p>") + "</body></html>",
        }.ToMessageBody();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await mailer.SendAsync(message, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not send the email \"{Subject}\".", subject);
            return false;
        }
    }
}
