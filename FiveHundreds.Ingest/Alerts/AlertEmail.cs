using System.Net;
using System.Text;
using MimeKit;

namespace FiveHundreds.Ingest.Alerts;

// The alert as an email with a plain-text and an HTML part.
public static class AlertEmail
{
    public static MimeMessage Build(AlertNotification n, string from, IEnumerable<string> recipients)
    {
        var message = new MimeMessage { Subject = n.Headline };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.AddRange(recipients.Select(MailboxAddress.Parse));
        message.MessageId = $"{n.DeliveryId}@fivehundreds";
        message.Headers.Add("X-FiveHundreds-Delivery", n.DeliveryId.ToString());
        message.Body = new BodyBuilder { TextBody = Text(n), HtmlBody = Html(n) }.ToMessageBody();
        return message;
    }

    public static string Text(AlertNotification n)
    {
        var text = new StringBuilder().AppendLine(n.Headline).AppendLine();
        if (n.Culprit is { } culprit)
        {
            text.AppendLine(culprit).AppendLine();
        }
        text.AppendLine($"{n.TriggerDescription} Rule: {n.RuleName}.");
        if (n.HeldBackSummary is { } heldBack)
        {
            text.AppendLine(heldBack + ".");
        }
        text.AppendLine();
        foreach (var (name, value) in n.Facts)
        {
            text.AppendLine($"{name}: {value}");
        }
        if (n.TopAppFrames.Count > 0)
        {
            text.AppendLine().AppendLine("Top app frames:");
            foreach (var frame in n.TopAppFrames)
            {
                text.AppendLine("  " + frame);
            }
        }
        if (n.IssueUrl is { } url)
        {
            text.AppendLine().AppendLine("Open the issue: " + url);
        }
        return text.ToString();
    }

    public static string Html(AlertNotification n)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2>{E(n.Headline)}</h2>");
        if (n.Culprit is { } culprit)
        {
            html.Append($"<p><code>{E(culprit)}</code></p>");
        }
        html.Append($"<p>{E(n.TriggerDescription)} Rule: <strong>{E(n.RuleName)}</strong>.</p>");
        if (n.HeldBackSummary is { } heldBack)
        {
            html.Append($"<p>{E(heldBack)}.</p>");
        }
        html.Append("<table>");
        foreach (var (name, value) in n.Facts)
        {
            html.Append($"<tr><th align=\"left\">{E(name)}</th><td>{E(value)}</td></tr>");
        }
        html.Append("</table>");
        if (n.TopAppFrames.Count > 0)
        {
            html.Append("<h3>Top app frames</h3><pre>").Append(string.Join("\n", n.TopAppFrames.Select(E))).Append("</pre>");
        }
        if (n.IssueUrl is { } url)
        {
            html.Append($"<p><a href=\"{E(url)}\">Open the issue</a></p>");
        }
        return html.Append("</body></html>").ToString();
    }
}
