using FiveHundreds.Tests.Alerts;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Contracts;
using MimeKit;

namespace FiveHundreds.Tests.Teams;

// With SMTP configured (the alerts' settings, a real SMTP server here), invites and assignments are emailed.
[Collection(AlertsCollection.Name)]
public sealed class TeamEmailTests(AlertsFixture ingest)
{
    private readonly TeamSetup _team = new(ingest);

    // The first email to the address whose subject starts so: a person made through an invite also got the invite.
    private async Task<MimeMessage> MailToAsync(string address, string subjectStart)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var message = ingest.Smtp.Messages().FirstOrDefault(m =>
                m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));
            if (message is not null || DateTime.UtcNow > deadline)
            {
                return message ?? throw new TimeoutException($"No email to {address} about \"{subjectStart}\".");
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_invite_is_emailed_with_its_one_time_link()
    {
        var email = TeamSetup.NewEmail();

        var invite = await (await _team.OwnerAsync()).CreateInviteAsync(new CreateInviteRequest(email, MemberRole.Member, AllProjects: true));

        Assert.True(invite.Emailed);
        var message = await MailToAsync(email, "You are invited");
        Assert.Contains(invite.Link!, message.TextBody);
        Assert.Contains("/invite?token=", invite.Link);
    }

    [Fact]
    public async Task The_assignee_is_emailed_when_someone_else_assigns_them()
    {
        var project = await ingest.CreateProjectAsync();
        var issue = (await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json())).IssueId;
        var member = await _team.PersonAsync(MemberRole.Member);

        await (await _team.OwnerAsync()).AssignIssueAsync(issue, member.Member.Id);

        var message = await MailToAsync(member.Email, "Assigned to you:");
        Assert.Contains($"/issues/{issue}", message.TextBody);
    }
}
