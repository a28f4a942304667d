namespace FiveHundreds.Web.Presentation;

// The ready-to-paste set-up of each SDK, with a project's ingest key and this ingest's URL filled in. The SDKs are
// installed from the packages that eng/pack-sdks.sh makes in a FiveHundreds clone, which this dashboard cannot
// know the place of: the commands name it with PackageFolder.
public static class SetupSnippets
{
    public const string PackageFolder = "<FiveHundreds clone>/artifacts/packages";

    public static string DotNet(string endpoint, string key) =>
        $$"""
        // Once, in your FiveHundreds clone: bash eng/pack-sdks.sh
        // In your ASP.NET Core app: dotnet add package FiveHundreds.Sdk.AspNetCore --source {{PackageFolder}}
        // Program.cs, in place of its "var app = builder.Build();":
        builder.Services.AddFiveHundreds(o =>
        {
            o.Endpoint = new Uri("{{endpoint}}");
            o.Key = "{{key}}";
        });

        var app = builder.Build();
        app.UseFiveHundreds();
        """;

    public static string Django(string endpoint, string key) =>
        $$"""
        # Once, in your FiveHundreds clone: bash eng/pack-sdks.sh
        # In your Django app's Python environment: pip install {{PackageFolder}}/fivehundreds-*.whl
        # At the end of settings.py:
        MIDDLEWARE = ["fivehundreds.django.FiveHundredsMiddleware", *MIDDLEWARE]

        FIVEHUNDREDS = {
            "ENDPOINT": "{{endpoint}}",
            "KEY": "{{key}}",
        }
        """;
}
