using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Auth;

// Makes the first owner, "admin" with the admin-password parameter, while the organisation has no owner: on a
// new deployment and on the first start after an upgrade from the single shared password. Every later start
// finds the owner and changes nothing, so a password changed in the dashboard stays changed. Runs after the
// migrations (hosted services start in order) and on every replica; two replicas starting at once meet at the
// unique user name, and the second finds the first's owner.
public sealed class OwnerBootstrapService(IServiceProvider services, IOptions<AuthOptions> options, ILogger<OwnerBootstrapService> logger)
    : IHostedService
{
    public const string UserName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var password = options.Value.AdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveHundredsDbContext>();
        if (await db.Users.AnyAsync(u => u.Role == MemberRole.Owner, cancellationToken))
        {
            return;
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var owner = new User { UserName = UserName, DisplayName = UserName, Role = MemberRole.Owner, AllProjects = true };
        // The operator's own secret, not a person's choice: it is taken as given, without the password rules.
        owner.PasswordHash = users.PasswordHasher.HashPassword(owner, password);
        try
        {
            var created = await users.CreateAsync(owner);
            if (!created.Succeeded)
            {
                logger.LogWarning("The first owner '{UserName}' was not created: {Reasons}", UserName, MemberService.Describe(created));
                return;
            }
            logger.LogInformation("Created the first owner '{UserName}' with the admin password.", UserName);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another replica made it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
