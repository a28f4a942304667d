using System.Net;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Teams;

// The rules of who may do what, asked through the API as each role would.
[Collection(IngestCollection.Name)]
public sealed class TeamsApiTests(IngestFixture ingest)
{
    private readonly TeamSetup _team = new(ingest);

    private async Task<(ProjectKeyDto A, Guid IssueA, ProjectKeyDto B, Guid IssueB)> TwoProjectsAsync()
    {
        var a = await ingest.CreateProjectAsync();
        var b = await ingest.CreateProjectAsync();
        var issueA = (await ingest.SendEventAsync(a.Key, EventSamples.DivisionInCheckout().Json())).IssueId;
        var issueB = (await ingest.SendEventAsync(b.Key, EventSamples.DivisionInCheckout().Json())).IssueId;
        return (a, issueA, b, issueB);
    }

    private static async Task<HttpStatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return HttpStatusCode.OK;
        }
        catch (TriageApiException e)
        {
            return e.StatusCode;
        }
    }

    [Theory]
    [InlineData(MemberRole.Viewer)]
    [InlineData(MemberRole.Member)]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Owner)]
    public async Task Each_role_is_allowed_refused_or_shown_nothing_at_each_endpoint(MemberRole role)
    {
        var (a, issueA, b, issueB) = await TwoProjectsAsync();
        var limited = role <= MemberRole.Member;
        var person = await _team.PersonAsync(role, limited ? [a.Id] : []);
        var api = person.Api;
        var triages = role >= MemberRole.Member;
        var administers = role >= MemberRole.Admin;
        var forbiddenUnlessAdmin = administers ? HttpStatusCode.OK : HttpStatusCode.Forbidden;

        // Reading: limited people see project A only, in lists, counts and direct URLs.
        var projects = (await api.ListProjectsAsync()).Select(p => p.Id).ToList();
        Assert.Contains(a.Id, projects);
        Assert.Equal(!limited, projects.Contains(b.Id));
        var all = await api.ListIssuesAsync(new IssueQuery(Status: IssueStatusFilter.All, Limit: 100));
        Assert.Equal(!limited, all.Items.Any(i => i.Project == b.Id));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(() => api.GetIssueAsync(issueA)));
        Assert.Equal(limited ? HttpStatusCode.NotFound : HttpStatusCode.OK, await StatusOf(() => api.GetIssueAsync(issueB)));
        Assert.Equal(limited ? HttpStatusCode.NotFound : HttpStatusCode.OK,
            await StatusOf(() => api.ListIssuesAsync(new IssueQuery(Project: b.Id.ToString()))));
        if (limited)
        {
            Assert.Equal(0, (await api.ListIssuesAsync(new IssueQuery(Query: "ZeroDivisionError", Limit: 100))).Items.Count(i => i.Project == b.Id));
        }

        // Triage: viewers are refused; a limited member's other project does not exist for them.
        Assert.Equal(triages ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
            await StatusOf(() => api.UpdateIssueStatusAsync(issueA, IssueStatus.Resolved)));
        Assert.Equal(triages ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
            await StatusOf(() => api.AssignIssueAsync(issueA, person.Member.Id)));
        if (role == MemberRole.Member)
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => api.UpdateIssueStatusAsync(issueB, IssueStatus.Resolved)));
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => api.AssignIssueAsync(issueB, person.Member.Id)));
        }

        // Administration: projects, keys, automation tokens and members are for admins and owners.
        Assert.Equal(forbiddenUnlessAdmin, await StatusOf(() => api.RotateProjectKeyAsync(a.Id)));
        Assert.Equal(forbiddenUnlessAdmin, await StatusOf(() => api.CreateProjectAsync(new CreateProjectRequest("By " + role))));
        Assert.Equal(forbiddenUnlessAdmin, await StatusOf(() => api.ListTokensAsync()));
        Assert.Equal(forbiddenUnlessAdmin, await StatusOf(() => api.ListMembersAsync()));
        Assert.Equal(forbiddenUnlessAdmin, await StatusOf(() => api.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Viewer, AllProjects: true))));
        // Only an owner makes another owner.
        Assert.Equal(role == MemberRole.Owner ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
            await StatusOf(() => api.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Owner))));

        // Everyone has their own account.
        var me = await api.GetCallerAsync();
        Assert.Equal(person.Member.Id, me.Member!.Id);
        Assert.Equal(role, me.Role);
    }

    [Fact]
    public async Task Assigned_to_me_and_unassigned_filter_the_list_and_the_summary_names_the_assignee()
    {
        var (a, issueA, _, _) = await TwoProjectsAsync();
        var second = (await ingest.SendEventAsync(a.Key, EventSamples.DivisionInCheckout(type: "KeyError").Json())).IssueId;
        var member = await _team.PersonAsync(MemberRole.Member, a.Id);

        var assigned = await member.Api.AssignIssueAsync(issueA, member.Member.Id);

        Assert.Equal(new PersonDto(member.Member.Id, member.Member.Name), assigned.Assignee);
        var mine = await member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Assignee: AssigneeWords.Me));
        Assert.Equal([issueA], mine.Items.Select(i => i.Id));
        Assert.Equal(1, mine.Counts.Unresolved);
        var unassigned = await member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Assignee: AssigneeWords.Unassigned));
        Assert.Equal([second], unassigned.Items.Select(i => i.Id));
        Assert.Equal(member.Member.Id, (await member.Api.GetIssueAsync(issueA)).Issue.Assignee?.Id);
    }

    [Fact]
    public async Task Each_change_of_assignee_is_logged_with_whom_and_by_whom_and_a_repeat_logs_nothing()
    {
        var (a, issueA, _, _) = await TwoProjectsAsync();
        var member = await _team.PersonAsync(MemberRole.Member, a.Id);
        var owner = await _team.OwnerAsync();

        await member.Api.AssignIssueAsync(issueA, member.Member.Id);
        await member.Api.AssignIssueAsync(issueA, member.Member.Id);
        await owner.AssignIssueAsync(issueA, null);

        var log = (await owner.ListIssueActivityAsync(issueA)).Items;
        Assert.Equal([IssueActivityKind.Unassigned, IssueActivityKind.Assigned, IssueActivityKind.Created], log.Select(e => e.Kind));
        Assert.Equal(new PersonDto(member.Member.Id, member.Member.Name), log[1].Assignee);
        Assert.Equal((member.Member.Name, member.Member.Id), (log[1].Actor?.Name, log[1].Actor?.UserId));
        Assert.Null(log[0].Assignee);
        Assert.Equal("admin", log[0].Actor?.Name);
    }

    [Fact]
    public async Task Assigned_me_and_none_in_the_search_are_the_assignee_filter()
    {
        var (a, issueA, _, _) = await TwoProjectsAsync();
        var second = (await ingest.SendEventAsync(a.Key, EventSamples.DivisionInCheckout(type: "KeyError").Json())).IssueId;
        var member = await _team.PersonAsync(MemberRole.Member, a.Id);
        await member.Api.AssignIssueAsync(issueA, member.Member.Id);

        var mine = await member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Query: "assigned:me"));
        var unassigned = await member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Query: "assigned:none is:unresolved"));
        var both = await member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Query: "assigned:me", Assignee: AssigneeWords.Me));

        Assert.Equal([issueA], mine.Items.Select(i => i.Id));
        Assert.Equal([second], unassigned.Items.Select(i => i.Id));
        Assert.Equal([issueA], both.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() =>
            member.Api.ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Query: "assigned:me", Assignee: AssigneeWords.Unassigned))));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() =>
            ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: a.Id.ToString(), Query: "assigned:me"))));
    }

    [Fact]
    public async Task Nobody_is_handed_an_issue_they_cannot_see_or_resolve()
    {
        var (a, issueA, b, _) = await TwoProjectsAsync();
        var onlyB = await _team.PersonAsync(MemberRole.Member, b.Id);
        var viewer = await _team.PersonAsync(MemberRole.Viewer);
        var owner = await _team.OwnerAsync();

        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => owner.AssignIssueAsync(issueA, onlyB.Member.Id)));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOf(() => owner.AssignIssueAsync(issueA, viewer.Member.Id)));
        Assert.Null((await owner.GetIssueAsync(issueA)).Issue.Assignee);
    }

    [Fact]
    public async Task A_signed_out_session_is_refused_on_the_next_request()
    {
        var person = await _team.PersonAsync(MemberRole.Viewer);
        var other = await _team.SignInAsync(person.Email, person.Password);
        await other.ListProjectsAsync();

        await person.Api.RevokeAllSessionsAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => other.ListProjectsAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => person.Api.ListProjectsAsync()));
    }

    [Fact]
    public async Task Revoking_one_session_leaves_the_others_working()
    {
        var person = await _team.PersonAsync(MemberRole.Viewer);
        var laptop = await _team.SignInAsync(person.Email, person.Password);
        var sessions = await person.Api.ListSessionsAsync();
        var laptopSession = sessions.Single(s => !s.Current && sessions.Count == 2);

        await person.Api.RevokeSessionAsync(laptopSession.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => laptop.ListProjectsAsync()));
        await person.Api.ListProjectsAsync();
    }

    [Fact]
    public async Task Removing_a_person_stops_their_sessions_and_tokens_at_once_and_unassigns_their_issues()
    {
        var (a, issueA, _, _) = await TwoProjectsAsync();
        var person = await _team.PersonAsync(MemberRole.Member, a.Id);
        var token = await person.Api.CreatePersonalTokenAsync(new CreateTokenRequest("script", TokenScope.Read, AllProjects: true));
        var viaToken = ingest.CreateTriageClient(token.Token);
        await viaToken.ListProjectsAsync();
        await person.Api.AssignIssueAsync(issueA, person.Member.Id);

        await (await _team.OwnerAsync()).RemoveMemberAsync(person.Member.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => person.Api.ListProjectsAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => viaToken.ListProjectsAsync()));
        Assert.Null((await ingest.CreateTriageClient().GetIssueAsync(issueA)).Issue.Assignee);
    }

    [Fact]
    public async Task A_changed_role_applies_to_the_next_request_of_an_open_session()
    {
        var (_, issueA, _, _) = await TwoProjectsAsync();
        var person = await _team.PersonAsync(MemberRole.Member);
        await person.Api.UpdateIssueStatusAsync(issueA, IssueStatus.Resolved);

        await (await _team.OwnerAsync()).UpdateMemberAsync(person.Member.Id, new UpdateMemberRequest(Role: MemberRole.Viewer));

        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => person.Api.UpdateIssueStatusAsync(issueA, IssueStatus.Unresolved)));
    }

    [Fact]
    public async Task Limiting_a_person_to_some_projects_hides_the_others_on_the_next_request()
    {
        var (a, _, _, issueB) = await TwoProjectsAsync();
        var person = await _team.PersonAsync(MemberRole.Member);
        await person.Api.GetIssueAsync(issueB);

        var limited = await (await _team.OwnerAsync()).UpdateMemberAsync(person.Member.Id, new UpdateMemberRequest(Projects: [a.Id]));

        Assert.False(limited.AllProjects);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => person.Api.GetIssueAsync(issueB)));
    }

    [Fact]
    public async Task A_personal_token_is_never_wider_than_its_owner_and_stops_when_it_expires()
    {
        var (a, issueA, b, issueB) = await TwoProjectsAsync();
        var member = await _team.PersonAsync(MemberRole.Member, a.Id);

        Assert.Equal(HttpStatusCode.Forbidden,
            await StatusOf(() => member.Api.CreatePersonalTokenAsync(new CreateTokenRequest("too wide", TokenScope.Admin, AllProjects: true))));
        Assert.Equal(HttpStatusCode.BadRequest,
            await StatusOf(() => member.Api.CreatePersonalTokenAsync(new CreateTokenRequest("foreign", TokenScope.Read, [b.Id]))));
        var token = await member.Api.CreatePersonalTokenAsync(new CreateTokenRequest("agent", TokenScope.Triage, AllProjects: true,
            ExpiresAt: DateTimeOffset.UtcNow.AddHours(1)));
        var agent = ingest.CreateTriageClient(token.Token);

        Assert.Equal(HttpStatusCode.OK, await StatusOf(() => agent.UpdateIssueStatusAsync(issueA, IssueStatus.Resolved)));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf(() => agent.GetIssueAsync(issueB)));
        Assert.Equal("agent", (await agent.GetCallerAsync()).ViaToken);
        Assert.Equal([token.Id], (await member.Api.ListPersonalTokensAsync()).Select(t => t.Id));

        await ingest.QueryScalarAsync<int>("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = @id", ("id", token.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => agent.ListProjectsAsync()));
    }

    [Fact]
    public async Task Automation_tokens_made_before_people_keep_working_as_owner_level()
    {
        var (_, _, b, issueB) = await TwoProjectsAsync();
        var automation = await ingest.CreateTriageClient().CreateTokenAsync(new CreateTokenRequest("ci", TokenScope.Admin, AllProjects: true));
        var ci = ingest.CreateTriageClient(automation.Token);

        var caller = await ci.GetCallerAsync();

        Assert.Null(caller.Member);
        Assert.Equal(MemberRole.Owner, caller.Role);
        await ci.UpdateIssueStatusAsync(issueB, IssueStatus.Resolved);
        await ci.ListMembersAsync();
    }

    [Fact]
    public async Task An_invite_link_works_once_and_not_after_it_expired_or_was_revoked()
    {
        var owner = await _team.OwnerAsync();
        var anonymous = _team.Anonymous();
        var used = await owner.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Viewer, AllProjects: true));
        await anonymous.AcceptInviteAsync(new AcceptInviteRequest(used.Token, "First", TeamSetup.NewPassword()));
        var expired = await owner.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Viewer, AllProjects: true));
        await ingest.QueryScalarAsync<int>("UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = @id", ("id", expired.Invite.Id));
        var revoked = await owner.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Viewer, AllProjects: true));
        await owner.RevokeInviteAsync(revoked.Invite.Id);

        foreach (var invite in new[] { used, expired, revoked })
        {
            Assert.Equal(HttpStatusCode.NotFound,
                await StatusOf(() => anonymous.AcceptInviteAsync(new AcceptInviteRequest(invite.Token, "Again", TeamSetup.NewPassword()))));
        }
        Assert.DoesNotContain((await owner.ListInvitesAsync()).Select(i => i.Id), id => id == expired.Invite.Id || id == revoked.Invite.Id);
    }

    // Two passwords from the list that ships with the ingest, long enough that only the list refuses them, and one
    // shorter than Identity's minimum length: taken from the list, not spelled here.
    public static TheoryData<string> WeakPasswords()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(CommonPasswordValidator.ListResource)!;
        var listed = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var longEnough = listed.Where(password => password.Length >= 12).ToList();
        return new() { longEnough[0], longEnough[^1], new string('x', 5) };
    }

    [Theory]
    [MemberData(nameof(WeakPasswords))]
    public async Task A_common_or_short_password_is_refused_and_leaves_the_invite_open(string password)
    {
        var owner = await _team.OwnerAsync();
        var invite = await owner.CreateInviteAsync(new CreateInviteRequest(TeamSetup.NewEmail(), MemberRole.Viewer, AllProjects: true));

        Assert.Equal(HttpStatusCode.BadRequest,
            await StatusOf(() => _team.Anonymous().AcceptInviteAsync(new AcceptInviteRequest(invite.Token, "Weak", password))));

        await _team.Anonymous().AcceptInviteAsync(new AcceptInviteRequest(invite.Token, "Strong", TeamSetup.NewPassword()));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var person = await _team.PersonAsync(MemberRole.Viewer);
        for (var i = 0; i < IngestFixture.MaxFailedSignIns; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => _team.SignInAsync(person.Email, "wrong-" + i)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(() => _team.SignInAsync(person.Email, person.Password)));
        // Other accounts are not locked by it.
        await _team.OwnerAsync();
    }

    [Fact]
    public async Task An_admin_can_neither_change_nor_remove_an_owner()
    {
        var admin = await _team.PersonAsync(MemberRole.Admin);
        var owner = (await (await _team.OwnerAsync()).GetCallerAsync()).Member!;

        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => admin.Api.UpdateMemberAsync(owner.Id, new UpdateMemberRequest(Role: MemberRole.Viewer))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(() => admin.Api.RemoveMemberAsync(owner.Id)));
        Assert.Equal(HttpStatusCode.Forbidden,
            await StatusOf(() => admin.Api.UpdateMemberAsync(admin.Member.Id, new UpdateMemberRequest(Role: MemberRole.Owner))));
    }

    [Fact]
    public async Task A_second_start_keeps_one_first_owner()
    {
        await using var second = ingest.StartIngest();

        Assert.Equal(1L, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_user_name = 'ADMIN'"));
        await _team.OwnerAsync();
    }
}
