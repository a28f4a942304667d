using FiveHundreds.Sdk.AspNetCore;
using Microsoft.AspNetCore.Http;

// Beside FiveHundredsClient's own members wherever an HttpContext is at hand.
namespace FiveHundreds.Sdk;

public static class HttpContextCapture
{
    // For handled errors inside a request: captures with the request attached. Never throws.
    public static Guid CaptureException(this FiveHundredsClient client, Exception exception, HttpContext context)
    {
        if (!client.TryReserve())
        {
            return Guid.Empty;
        }
        SdkRequest? request = null;
        try
        {
            request = RequestReader.Read(context, client.Scrubber, client.Options);
        }
        catch (Exception)
        {
            // The event is worth more without its request than not at all.
        }
        return client.CaptureReserved(exception, request);
    }
}
