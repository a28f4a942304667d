using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Otlp;

// A real loopback port in front of the in-process ingest, for clients in other processes (a Node.js app):
// each request is passed on unchanged, headers and body, and so is the answer.
public sealed class IngestLoopbackPort : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _ingest;

    private IngestLoopbackPort(WebApplication app, HttpClient ingest)
    {
        _app = app;
        _ingest = ingest;
    }

    public Uri Address => new(_app.Urls.First());

    public static async Task<IngestLoopbackPort> StartAsync(TestServer ingest)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var client = new HttpClient(ingest.CreateHandler()) { BaseAddress = ingest.BaseAddress };
        app.Run(context => ForwardAsync(context, client));
        await app.StartAsync();
        return new IngestLoopbackPort(app, client);
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient ingest)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
        {
            Content = new StreamContent(context.Request.Body),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name != "Host" && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        using var response = await ingest.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            context.Response.Headers[name] = values.ToArray();
        }
        context.Response.Headers.Remove("Transfer-Encoding");
        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        _ingest.Dispose();
        await _app.DisposeAsync();
    }
}
