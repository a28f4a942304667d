using FiveHundreds.AppHost.DataStores;
using Microsoft.Extensions.Configuration;

namespace FiveHundreds.AppHost.Alerts;

// Where the ingest sends alert emails. When running, a mail catcher keeps every message for the developer to
// read: MailPit (web UI on its "http" endpoint) where a container engine runs, otherwise Debian's aiosmtpd as a
// local process writing each message into a Maildir under the AppHost's data folder. Publishing asks for the
// real SMTP server's settings as parameters, the password a secret.
public static class MailCatcherExtensions
{
    public const string MailCatcherName = "mailcatcher";
    public const string SmtpEndpointName = "smtp";

    public static IResourceBuilder<ProjectResource> WithAlertEmail(this IResourceBuilder<ProjectResource> ingest)
    {
        var builder = ingest.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            return ingest
                .WithEnvironment("Alerts__Smtp__Host", builder.AddParameter("smtp-host"))
                .WithEnvironment("Alerts__Smtp__Port", builder.AddParameter("smtp-port", "587"))
                .WithEnvironment("Alerts__Smtp__Security", builder.AddParameter("smtp-security", "StartTls"))
                .WithEnvironment("Alerts__Smtp__UserName", builder.AddParameter("smtp-username"))
                .WithEnvironment("Alerts__Smtp__Password", builder.AddParameter("smtp-password", secret: true))
                .WithEnvironment("Alerts__Smtp__From", builder.AddParameter("smtp-from"));
        }

        var options = builder.Configuration.GetSection(DataStoreOptions.SectionName).Get<DataStoreOptions>() ?? new();
        var smtp = DataStoreExtensions.UseContainers(builder, options.Mode)
            ? builder.AddContainer(MailCatcherName, "axllent/mailpit", "v1.27")
                .WithEndpoint(targetPort: 1025, name: SmtpEndpointName, scheme: "tcp")
                .WithHttpEndpoint(targetPort: 8025, name: "http")
                .GetEndpoint(SmtpEndpointName)
            : builder.AddLocalMailCatcher(Path.Combine(Path.GetFullPath(options.DataDirectory, builder.AppHostDirectory), "mail"));
        return ingest
            .WithEnvironment("Alerts__Smtp__Host", smtp.Property(EndpointProperty.Host))
            .WithEnvironment("Alerts__Smtp__Port", smtp.Property(EndpointProperty.Port))
            .WithEnvironment("Alerts__Smtp__Security", "None")
            .WithEnvironment("Alerts__Smtp__From", "FiveHundreds <alerts@fivehundreds.localhost>");
    }

    private static EndpointReference AddLocalMailCatcher(this IDistributedApplicationBuilder builder, string maildir)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            throw new InvalidOperationException(
                "No container engine is available and Debian's aiosmtpd was not found for the local mail catcher. " +
                "Install it with 'apt-get install -y python3-aiosmtpd', or start Docker and run again.");
        }
        var catcher = builder.AddExecutable(MailCatcherName, python, builder.AppHostDirectory)
            .WithEndpoint(name: SmtpEndpointName, scheme: "tcp", isProxied: false);
        // aiosmtpd creates the Maildir (tmp, new, cur) only where no folder exists yet; its parent is made at start.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(catcher.Resource, (_, _) =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(maildir)!);
            return Task.CompletedTask;
        });
        var endpoint = catcher.GetEndpoint(SmtpEndpointName);
        catcher.WithArgs(context =>
        {
            context.Args.Add("-m");
            context.Args.Add("aiosmtpd");
            context.Args.Add("-n");
            context.Args.Add("-l");
            context.Args.Add(ReferenceExpression.Create($"127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
            context.Args.Add("-c");
            context.Args.Add("aiosmtpd.handlers.Mailbox");
            context.Args.Add(maildir);
        });
        return endpoint;
    }
}
