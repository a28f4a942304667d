using System.Text;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Alerts;

// Sends one notification to one destination, once; retries are the dispatcher's. Throws when the channel
// refused or did not answer in time.
public sealed class AlertSender(SmtpMailer mailer, IOptions<AlertOptions> options, TimeProvider clock)
{
    // Not from IHttpClientFactory: the service defaults give those clients retries and timeouts of their own,
    // and the dispatcher's backoff must be the only retry. Redirects are not followed to other hosts' URLs.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task SendAsync(AlertChannel channel, AlertDestinationSettings settings, AlertNotification notification, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        try
        {
            if (channel == AlertChannel.Email)
            {
                await SendEmailAsync(settings, notification, timeout.Token);
                return;
            }
            var body = channel switch
            {
                AlertChannel.Slack => AlertPayloads.Slack(notification),
                AlertChannel.Teams => AlertPayloads.Teams(notification),
                AlertChannel.Discord => AlertPayloads.Discord(notification),
                _ => AlertPayloads.Webhook(notification),
            };
            await PostAsync(channel, settings, notification.DeliveryId, body, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s.");
        }
    }

    private async Task PostAsync(AlertChannel channel, AlertDestinationSettings settings, Guid deliveryId, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (channel == AlertChannel.Webhook)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(AlertSignature.DeliveryHeader, deliveryId.ToString());
            request.Headers.Add(AlertSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(AlertSignature.SignatureHeader, AlertSignature.Sign(settings.SigningSecret ?? "", timestamp, body));
        }
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    private Task SendEmailAsync(AlertDestinationSettings settings, AlertNotification notification, CancellationToken cancellationToken) =>
        mailer.SendAsync(AlertEmail.Build(notification, mailer.From, settings.Recipients ?? []), cancellationToken);
}
