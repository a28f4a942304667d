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

    private async Task<MimeMessage> MailToAsync(string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var message = ingest.Smtp.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == address));
            if (message is not null || DateTime.UtcNow > deadline)
            {
                return message ?? throw new TimeoutException($"No email to {address}.");
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
        var message = await MailToAsync(email);
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

        var message = await MailToAsync(member.Email);
        Assert.StartsWith("Assigned to you:", message.Subject);
        Assert.Contains($"/issues/{issue}", message.TextBody);
    }
}
