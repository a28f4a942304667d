using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FiveHundreds.Web.Auth;

// The signed-in person's session token for the triage API call being made. HttpClient handlers live in
// IHttpClientFactory's own scope, not the circuit's, so the circuit's services are carried to them through an
// async-local set on every inbound circuit activity (the pattern the Blazor docs give for "services from a
// different DI scope"). Outside a circuit (prerendering, form posts) the request's own user is used.
public sealed class SessionTokenSource(IHttpContextAccessor http)
{
    private static readonly AsyncLocal<IServiceProvider?> CircuitServices = new();

    public string? Current()
    {
        if (CircuitServices.Value?.GetService<AuthenticationStateProvider>() is { } provider)
        {
            // The server's provider holds a finished task for the circuit's user.
            var state = provider.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully ? SessionClaims.TokenOf(state.Result.User) : null;
        }
        return SessionClaims.TokenOf(http.HttpContext?.User);
    }

    public sealed class CircuitActivity(IServiceProvider services) : CircuitHandler
    {
        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            async context =>
            {
                CircuitServices.Value = services;
                try
                {
                    await next(context);
                }
                finally
                {
                    CircuitServices.Value = null;
                }
            };
    }
}
