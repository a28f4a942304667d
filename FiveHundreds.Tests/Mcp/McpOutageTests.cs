using System.Net;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using McpExtensions = FiveHundreds.Mcp.Extensions.Extensions;

namespace FiveHundreds.Tests.Mcp;

public sealed class McpOutageTests
{
    public static TheoryData<Exception> Outages() =>
    [
        new HttpRequestException("Connection refused"),
        new TimeoutException(),
        new Polly.Timeout.TimeoutRejectedException(),
        new TriageApiException(HttpStatusCode.ServiceUnavailable, "Service unavailable", null),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_unreachable_triage_api_is_answered_503(Exception outage) =>
        Assert.Equal(503, McpExtensions.StatusCodeFor(outage));

    [Fact]
    public void Any_other_failure_stays_a_500() =>
        Assert.Equal(500, McpExtensions.StatusCodeFor(new InvalidOperationException("a bug")));
}
