using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// The organisation's people and invitations. Managing them is for owners and admins (and the owner-level
// admin and automation tokens); whom an admin may change is MemberRoles.MayManage.
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/people", ListPeopleAsync).WithTags("Members").RequireAuthorization()
            .WithSummary("The people issues can be assigned to: members, admins and owners");

        var members = app.MapGroup("/api/v1/members").WithTags("Members").RequireAuthorization(AuthorizationPolicies.Members)
            .ProducesProblem(403);
        members.MapGet("/", ListMembersAsync).WithSummary("Everyone with an account, with role and projects");
        members.MapPatch("/{id:guid}", UpdateMemberAsync).WithSummary("Change a member's role or projects")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        members.MapDelete("/{id:guid}", RemoveMemberAsync).WithSummary("Remove a member; their sessions and tokens stop at once")
            .ProducesProblem(404).ProducesProblem(409);

        var invites = app.MapGroup("/api/v1/invites").WithTags("Members");
        invites.MapPost("/", CreateInviteAsync).RequireAuthorization(AuthorizationPolicies.Members)
            .WithSummary("Invite someone by email with a role (and projects); the one-time link is shown only here, and emailed when SMTP is set up")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        invites.MapGet("/", ListInvitesAsync).RequireAuthorization(AuthorizationPolicies.Members)
            .WithSummary("The invites that can still be accepted").ProducesProblem(403);
        invites.MapDelete("/{id:guid}", RevokeInviteAsync).RequireAuthorization(AuthorizationPolicies.Members)
            .WithSummary("Revoke an invite; its link stops working").ProducesProblem(403).ProducesProblem(404);
        invites.MapPost("/accept", AcceptInviteAsync).AllowAnonymous()
            .WithSummary("Accept an invite with a password; then sign in").ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    public static async Task<Ok<List<PersonDto>>> ListPeopleAsync(MemberService members, CancellationToken ct) =>
        TypedResults.Ok(await members.ListPeopleAsync(ct));

    public static async Task<Ok<List<MemberDto>>> ListMembersAsync(MemberService members, CancellationToken ct) =>
        TypedResults.Ok(await members.ListAsync(ct));

    public static async Task<Ok<MemberDto>> UpdateMemberAsync(Guid id, UpdateMemberRequest request, MemberService members, CancellationToken ct) =>
        TypedResults.Ok(await members.UpdateAsync(id, request, ct));

    public static async Task<NoContent> RemoveMemberAsync(Guid id, MemberService members, CancellationToken ct)
    {
        await members.RemoveAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<InviteCreatedDto>> CreateInviteAsync(CreateInviteRequest request, InviteService invites, CancellationToken ct)
    {
        var created = await invites.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/invites/{created.Invite.Id}", created);
    }

    public static async Task<Ok<List<InviteDto>>> ListInvitesAsync(InviteService invites, CancellationToken ct) =>
        TypedResults.Ok(await invites.ListAsync(ct));

    public static async Task<NoContent> RevokeInviteAsync(Guid id, InviteService invites, CancellationToken ct)
    {
        await invites.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Created<MemberDto>> AcceptInviteAsync(AcceptInviteRequest request, InviteService invites, CancellationToken ct)
    {
        var member = await invites.AcceptAsync(request, ct);
        return TypedResults.Created($"/api/v1/members/{member.Id}", member);
    }
}
