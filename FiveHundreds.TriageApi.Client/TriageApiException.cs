using System.Net;

namespace FiveHundreds.TriageApi.Client;

// A triage API answer that was not a success, with the problem's title and detail for display.
public sealed class TriageApiException(HttpStatusCode statusCode, string? title, string? detail)
    : Exception(detail is null ? $"{(int)statusCode} {title}" : $"{title}: {detail}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? Title { get; } = title;
    public string? Detail { get; } = detail;
}
