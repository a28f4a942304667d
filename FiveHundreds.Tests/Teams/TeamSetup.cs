using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Teams;

// People made the way a team makes them: the owner signs in with the admin password, invites, and the invited
// person accepts with a password of their own and signs in.
public sealed class TeamSetup(IngestFixture ingest)
{
    public TriageApiClient Anonymous() => ingest.CreateTriageClient(token: "");

    public async Task<TriageApiClient> SignInAsync(string userName, string password) =>
        ingest.CreateTriageClient((await Anonymous().SignInAsync(new SignInRequest(userName, password))).Token);

    public Task<TriageApiClient> OwnerAsync() => SignInAsync("admin", ingest.AdminPassword);

    public static string NewPassword() => "pw-" + Guid.NewGuid().ToString("N");

    public static string NewEmail() => $"person-{Guid.NewGuid():N}@example.test";

    // A person with the role, limited to the projects (or every project when none are given).
    public async Task<Person> PersonAsync(MemberRole role, params Guid[] projects)
    {
        var owner = await OwnerAsync();
        var email = NewEmail();
        var invite = await owner.CreateInviteAsync(new CreateInviteRequest(email, role, projects, AllProjects: projects.Length == 0));
        var password = NewPassword();
        var member = await Anonymous().AcceptInviteAsync(new AcceptInviteRequest(invite.Token, $"{role} {email[..12]}", password));
        return new Person(member, email, password, await SignInAsync(email, password));
    }

    public sealed record Person(MemberDto Member, string Email, string Password, TriageApiClient Api);
}
