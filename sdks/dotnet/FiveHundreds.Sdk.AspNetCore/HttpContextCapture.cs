using FiveHundreds.Sdk;
using FiveHundreds.Sdk.AspNetCore;
using Microsoft.AspNetCore.Http;

// Beside FiveHundredsClient's own members wherever an HttpContext is at hand.
namespace FiveHundreds.Sdk;

public static class HttpContextCapture
{
    // For handled errors inside a request: captures with the request attached. Never throws.
    public static async Task<Guid> CaptureExceptionAsync(this FiveHundredsClient client, Exception exception, HttpContext context)
    {
        SdkRequest? request = null;
        try
        {
            request = await RequestReader.ReadAsync(context, client.Scrubber, client.Options);
        }
        catch (Exception)
        {
            // The event is worth more without its request than not at all.
        }
        return client.CaptureException(exception, request);
    }
}
