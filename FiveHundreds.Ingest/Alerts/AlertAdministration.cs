using System.Security.Cryptography;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace FiveHundreds.Ingest.Alerts;

// Creates and changes a project's alert rules and destinations, sends test alerts and reads the delivery
// log. Callers have checked that the project exists and that they may see (or change) it.
public sealed class AlertAdministration(
    FiveHundredsDbContext db, AlertDestinationProtector protector, AlertRuleCache ruleCache, AlertNotificationFactory notifications,
    AlertSender sender, TimeProvider clock)
{
    public const int MaxRecipients = 20;
    public const int MaxDeliveriesListed = 200;

    public sealed class InvalidAlertException(string message) : Exception(message);

    public async Task<List<AlertDestinationDto>> ListDestinationsAsync(Guid projectId, CancellationToken ct) =>
        [.. (await db.AlertDestinations.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Name).ToListAsync(ct)).Select(ToDto)];

    public async Task<AlertDestinationCreatedDto> CreateDestinationAsync(Guid projectId, CreateAlertDestinationRequest request, CancellationToken ct)
    {
        var name = Required(request.Name, "name");
        string hint;
        AlertDestinationSettings settings;
        string? secret = null;
        if (request.Channel == AlertChannel.Email)
        {
            var recipients = (request.Recipients ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
            if (recipients.Count is 0 or > MaxRecipients)
            {
                throw new InvalidAlertException($"An email destination needs 1 to {MaxRecipients} recipients.");
            }
            foreach (var recipient in recipients)
            {
                if (!MailboxAddress.TryParse(recipient, out var mailbox) || !mailbox.Address.Contains('@') || recipient.Length > 254)
                {
                    throw new InvalidAlertException($"'{recipient}' is not an email address.");
                }
            }
            settings = new AlertDestinationSettings(null, null, recipients);
            hint = MaskedAddress(recipients[0]) + (recipients.Count > 1 ? $" and {recipients.Count - 1} more" : "");
        }
        else if (Enum.IsDefined(request.Channel))
        {
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || request.Url!.Length > 2000)
            {
                throw new InvalidAlertException("url must be an absolute http or https URL of at most 2000 characters.");
            }
            // Only the generic webhook signs; Slack, Teams and Discord authenticate by their secret URL.
            secret = request.Channel == AlertChannel.Webhook ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : null;
            settings = new AlertDestinationSettings(url.AbsoluteUri, secret, null);
            hint = url.Host;
        }
        else
        {
            throw new InvalidAlertException("channel must be email, webhook, slack, teams or discord.");
        }

        var destination = new AlertDestination
        {
            ProjectId = projectId,
            Name = name,
            Channel = request.Channel,
            ProtectedSettings = protector.Protect(settings),
            Hint = hint,
        };
        db.AlertDestinations.Add(destination);
        await db.SaveChangesAsync(ct);
        return new AlertDestinationCreatedDto(ToDto(destination), secret);
    }

    public async Task<bool> DeleteDestinationAsync(Guid projectId, Guid destinationId, CancellationToken ct)
    {
        var deleted = await db.AlertDestinations.Where(d => d.ProjectId == projectId && d.Id == destinationId).ExecuteDeleteAsync(ct) > 0;
        if (deleted)
        {
            var rules = await db.AlertRules.Where(r => r.ProjectId == projectId && r.DestinationIds.Contains(destinationId)).ToListAsync(ct);
            foreach (var rule in rules)
            {
                rule.DestinationIds = [.. rule.DestinationIds.Where(id => id != destinationId)];
            }
            await db.SaveChangesAsync(ct);
            ruleCache.Invalidate();
        }
        return deleted;
    }

    public async Task<List<AlertRuleDto>> ListRulesAsync(Guid projectId, CancellationToken ct) =>
        [.. (await db.AlertRules.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Name).ToListAsync(ct)).Select(ToDto)];

    public async Task<AlertRuleDto> CreateRuleAsync(Guid projectId, AlertRuleRequest request, CancellationToken ct)
    {
        var rule = new AlertRule { ProjectId = projectId, Name = "" };
        await ApplyAsync(rule, request, ct);
        db.AlertRules.Add(rule);
        await db.SaveChangesAsync(ct);
        ruleCache.Invalidate();
        return ToDto(rule);
    }

    public async Task<AlertRuleDto?> UpdateRuleAsync(Guid projectId, Guid ruleId, AlertRuleRequest request, CancellationToken ct)
    {
        var rule = await db.AlertRules.FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Id == ruleId, ct);
        if (rule is null)
        {
            return null;
        }
        await ApplyAsync(rule, request, ct);
        rule.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        ruleCache.Invalidate();
        return ToDto(rule);
    }

    public async Task<bool> DeleteRuleAsync(Guid projectId, Guid ruleId, CancellationToken ct)
    {
        var deleted = await db.AlertRules.Where(r => r.ProjectId == projectId && r.Id == ruleId).ExecuteDeleteAsync(ct) > 0;
        ruleCache.Invalidate();
        return deleted;
    }

    // Sends at once, without retries, and records each outcome in the delivery log as a test delivery.
    public async Task<List<AlertDeliveryDto>?> SendTestAsync(Guid projectId, Guid ruleId, CancellationToken ct)
    {
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Id == ruleId, ct);
        if (rule is null)
        {
            return null;
        }
        var destinations = await db.AlertDestinations.AsNoTracking()
            .Where(d => d.ProjectId == projectId && rule.DestinationIds.Contains(d.Id)).ToListAsync(ct);
        if (destinations.Count == 0)
        {
            throw new InvalidAlertException("The rule has no destination to send a test alert to.");
        }
        var outcomes = await Task.WhenAll(destinations.Select(async destination =>
        {
            var delivery = new AlertDelivery
            {
                ProjectId = projectId,
                RuleId = rule.Id,
                DestinationId = destination.Id,
                Trigger = rule.Trigger,
                IsTest = true,
                Attempts = 1,
            };
            try
            {
                var notification = await notifications.ForTestAsync(delivery.Id, rule, ct);
                await sender.SendAsync(destination.Channel, protector.Unprotect(destination.ProtectedSettings), notification, ct);
                delivery.State = AlertDeliveryState.Sent;
                delivery.SentAt = clock.GetUtcNow();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                delivery.State = AlertDeliveryState.Failed;
                delivery.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            }
            return (delivery, destination);
        }));
        db.AlertDeliveries.AddRange(outcomes.Select(o => o.delivery));
        await db.SaveChangesAsync(ct);
        return [.. outcomes.Select(o => ToDto(o.delivery, rule.Name, o.destination.Name))];
    }

    public Task<List<AlertDeliveryDto>> ListDeliveriesAsync(Guid projectId, Guid? ruleId, Guid? destinationId, CancellationToken ct) =>
        DeliveriesAsync(db.AlertDeliveries.Where(d => d.ProjectId == projectId
            && (ruleId == null || d.RuleId == ruleId) && (destinationId == null || d.DestinationId == destinationId)), ct);

    public Task<List<AlertDeliveryDto>> ListIssueDeliveriesAsync(Guid issueId, CancellationToken ct) =>
        DeliveriesAsync(db.AlertDeliveries.Where(d => d.IssueId == issueId), ct);

    private async Task<List<AlertDeliveryDto>> DeliveriesAsync(IQueryable<AlertDelivery> deliveries, CancellationToken ct)
    {
        var rows = await deliveries.AsNoTracking()
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(MaxDeliveriesListed)
            .Join(db.AlertRules, d => d.RuleId, r => r.Id, (d, r) => new { Delivery = d, RuleName = r.Name })
            .Join(db.AlertDestinations, x => x.Delivery.DestinationId, t => t.Id, (x, t) => new { x.Delivery, x.RuleName, DestinationName = t.Name })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.Delivery.CreatedAt).Select(r => ToDto(r.Delivery, r.RuleName, r.DestinationName))];
    }

    private async Task ApplyAsync(AlertRule rule, AlertRuleRequest request, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Trigger))
        {
            throw new InvalidAlertException("trigger must be new_issue, regression or frequency.");
        }
        if (request.MinimumLevel is { } level && !Enum.IsDefined(level))
        {
            throw new InvalidAlertException("minimum_level must be fatal, error, warning, info or debug.");
        }
        if (request.Trigger == AlertTrigger.Frequency
            && (request.FrequencyCount is not (>= 1 and <= 1_000_000) || request.FrequencyWindowMinutes is not (>= 1 and <= 1440)))
        {
            throw new InvalidAlertException("A frequency rule needs frequency_count (1 to 1000000) and frequency_window_minutes (1 to 1440).");
        }
        if (request.QuietPeriodMinutes is < 0 or > 7 * 24 * 60)
        {
            throw new InvalidAlertException("quiet_period_minutes must be between 0 and 10080 (a week).");
        }
        var destinationIds = (request.Destinations ?? []).Distinct().ToArray();
        var known = await db.AlertDestinations.CountAsync(d => d.ProjectId == rule.ProjectId && destinationIds.Contains(d.Id), ct);
        if (destinationIds.Length == 0 || known != destinationIds.Length)
        {
            throw new InvalidAlertException("destinations must name one or more of this project's alert destinations.");
        }
        rule.Name = Required(request.Name, "name");
        rule.Trigger = request.Trigger;
        rule.MinimumLevel = request.MinimumLevel;
        rule.Environment = Optional(request.Environment, "environment");
        rule.TextContains = Optional(request.TextContains, "text_contains");
        rule.FrequencyCount = request.Trigger == AlertTrigger.Frequency ? request.FrequencyCount : null;
        rule.FrequencyWindowMinutes = request.Trigger == AlertTrigger.Frequency ? request.FrequencyWindowMinutes : null;
        rule.QuietPeriodMinutes = request.QuietPeriodMinutes;
        rule.Enabled = request.Enabled;
        rule.DestinationIds = destinationIds;
    }

    private static string Required(string? text, string field) =>
        Optional(text, field) ?? throw new InvalidAlertException($"{field} is required.");

    private static string? Optional(string? text, string field)
    {
        var trimmed = text?.Trim();
        if (trimmed is { Length: > 200 })
        {
            throw new InvalidAlertException($"{field} must be at most 200 characters.");
        }
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    // "o…@example.com": enough to recognise the list, not to harvest the address.
    private static string MaskedAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "…" : address[0] + "…" + address[at..];
    }

    private static AlertDestinationDto ToDto(AlertDestination d) => new(d.Id, d.ProjectId, d.Name, d.Channel, d.Hint, d.CreatedAt);

    private static AlertRuleDto ToDto(AlertRule r) => new(
        r.Id, r.ProjectId, r.Name, r.Trigger, r.DestinationIds, r.MinimumLevel, r.Environment, r.TextContains,
        r.FrequencyCount, r.FrequencyWindowMinutes, r.QuietPeriodMinutes, r.Enabled, r.CreatedAt, r.UpdatedAt);

    private static AlertDeliveryDto ToDto(AlertDelivery d, string ruleName, string destinationName) => new(
        d.Id, d.RuleId, ruleName, d.DestinationId, destinationName, d.IssueId, d.Trigger, d.IsTest, d.State, d.Attempts,
        d.HeldBackEvents, d.LastError, d.CreatedAt, d.SentAt, d.NextAttemptAt);
}
