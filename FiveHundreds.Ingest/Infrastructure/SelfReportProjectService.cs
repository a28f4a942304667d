using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Infrastructure;

// Makes the built-in "FiveHundreds" project accept the configured key before the ingest takes traffic (it starts
// after MigrationService, and hosted services start before the server listens), so that the services' first
// export of their own exceptions already finds it. A changed key replaces the old one.
public sealed class SelfReportProjectService(IServiceProvider services, IOptions<SelfReportOptions> options) : IHostedService
{
    public const string Slug = "fivehundreds";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ProjectKey is not { Length: > 0 } key)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveHundredsDbContext>();
        var hash = SecretHasher.Hash(key);
        var project = await db.Projects.AsTracking().FirstOrDefaultAsync(p => p.Slug == Slug, cancellationToken);
        if (project is null)
        {
            db.Projects.Add(new Project
            {
                Name = SelfReportOptions.ProjectName,
                Slug = Slug,
                KeyHash = hash,
                KeyPrefix = key[..Math.Min(8, key.Length)],
                SentryKey = SentryDsn.NewPublicKey(),
            });
        }
        else if (!project.KeyHash.AsSpan().SequenceEqual(hash))
        {
            project.KeyHash = hash;
            project.KeyPrefix = key[..Math.Min(8, key.Length)];
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
