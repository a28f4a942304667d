using System.Globalization;

namespace FiveHundreds.Web.Presentation;

// "1,204 events", or "10,000 events kept of 52,311" once retention or the per-issue cap removed some: the count
// stays the total received, so the page says both.
public static class EventCountText
{
    public static string Format(long received, long kept) => kept < received
        ? string.Create(CultureInfo.InvariantCulture, $"{kept:N0} events kept of {received:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"{received:N0} events");
}
