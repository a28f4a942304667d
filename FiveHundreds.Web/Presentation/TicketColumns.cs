using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Web.Presentation;

public static class TicketColumns
{
    public static string Title(TicketStatus status) => status switch
    {
        TicketStatus.Backlog => "Backlog",
        TicketStatus.InProgress => "In progress",
        TicketStatus.Done => "Done",
        _ => status.ToString(),
    };
}
