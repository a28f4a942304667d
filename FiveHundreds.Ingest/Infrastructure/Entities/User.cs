using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Identity;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// A person who signs in. The password, lockout and security stamp are ASP.NET Core Identity's; an external
// sign-in (OpenID Connect) links to the same row through Identity's user logins table.
public sealed class User : IdentityUser<Guid>
{
    public User()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    // The name other people see in assignments and activity.
    public required string DisplayName { get; set; }

    public MemberRole Role { get; set; }

    // Members and viewers see every project, or only ProjectIds; owners and admins always see every project.
    // Never inferred from an empty list.
    public bool AllProjects { get; set; }

    public Guid[] ProjectIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
