using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace FiveHundreds.Ingest.Extensions;

public static class AlertsExtensions
{
    public static void AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName);
        // One key ring in the database, so every replica can read the destinations any replica encrypted.
        builder.Services.AddDataProtection()
            .SetApplicationName("FiveHundreds")
            .PersistKeysToDbContext<FiveHundredsDbContext>();

        builder.Services.AddSingleton<AlertRuleCache>();
        builder.Services.AddSingleton<AlertOutbox>();
        builder.Services.AddSingleton<AlertDispatchSignal>();
        builder.Services.AddOptions<AlertEmailOptions>().BindConfiguration(AlertEmailOptions.SectionName);
        builder.Services.AddSingleton<AlertDestinationProtector>();
        builder.Services.AddSingleton<SmtpMailer>();
        builder.Services.AddSingleton<AlertSender>();
        builder.Services.AddScoped<AlertNotificationFactory>();
        builder.Services.AddScoped<AlertIntentRouter>();
        builder.Services.AddScoped<AlertDeliveryRunner>();
        builder.Services.AddScoped<AlertAdministration>();
        if (builder.Configuration.GetValue($"{AlertOptions.SectionName}:{nameof(AlertOptions.DispatcherEnabled)}", true))
        {
            builder.Services.AddHostedService<AlertDispatcher>();
        }
    }
}
