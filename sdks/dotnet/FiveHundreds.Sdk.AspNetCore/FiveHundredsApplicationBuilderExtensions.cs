using FiveHundreds.Sdk.AspNetCore;

// In the builder namespace, like UseExceptionHandler, so that set-up needs no using.
namespace Microsoft.AspNetCore.Builder;

public static class FiveHundredsApplicationBuilderExtensions
{
    // Place it early, after UseExceptionHandler / UseDeveloperExceptionPage if the app has one: it sees the
    // exception first and hands it on unchanged.
    public static IApplicationBuilder UseFiveHundreds(this IApplicationBuilder app) =>
        app.UseMiddleware<FiveHundredsMiddleware>();
}
