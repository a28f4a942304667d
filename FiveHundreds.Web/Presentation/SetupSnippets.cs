namespace FiveHundreds.Web.Presentation;

// The ready-to-paste set-up of each SDK, with a project's ingest key and this ingest's URL filled in.
public static class SetupSnippets
{
    public static string DotNet(string endpoint, string key) =>
        $$"""
        // dotnet add package FiveHundreds
        builder.Services.AddFiveHundreds(o =>
        {
            o.Endpoint = "{{endpoint}}";
            o.Key = "{{key}}";
        });

        var app = builder.Build();
        app.UseFiveHundreds();
        """;

    public static string Django(string endpoint, string key) =>
        $$"""
        # pip install fivehundreds
        # settings.py
        MIDDLEWARE = [
            "fivehundreds.django.FiveHundredsMiddleware",
            # ... your other middleware
        ]

        FIVEHUNDREDS = {
            "ENDPOINT": "{{endpoint}}",
            "KEY": "{{key}}",
        }
        """;
}
