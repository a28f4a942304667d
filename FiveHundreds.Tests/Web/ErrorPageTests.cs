using System.Net;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Web;

[Collection(StackCollection.Name)]
public sealed class ErrorPageTests(StackFixture stack)
{
    [Fact]
    public async Task The_error_page_answers_without_sign_in_and_shows_no_details()
    {
        using var web = stack.CreateHttpClient("web");
        using var response = await web.GetAsync("/error");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Something went wrong", html);
        Assert.DoesNotContain("Exception", html);
    }
}
