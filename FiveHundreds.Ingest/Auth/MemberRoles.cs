using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Auth;

// What each organisation role may do, the one place it is decided.
public static class MemberRoles
{
    // The widest token scope a role allows: its sessions act with it, and its personal tokens never exceed it.
    public static TokenScope ScopeOf(MemberRole role) => role switch
    {
        MemberRole.Viewer => TokenScope.Read,
        MemberRole.Member => TokenScope.Triage,
        _ => TokenScope.Admin,
    };

    // Owners and admins run the organisation, so a project list never limits them.
    public static bool SeesEveryProject(MemberRole role) => role >= MemberRole.Admin;

    // Admins manage members, viewers and other admins; only an owner makes, changes or removes an owner.
    public static bool MayManage(MemberRole manager, MemberRole role) =>
        manager == MemberRole.Owner || (manager == MemberRole.Admin && role <= MemberRole.Admin);

    public static TokenScope Narrower(TokenScope a, TokenScope b) => a < b ? a : b;
}
