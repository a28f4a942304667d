using System.Text.Json.Nodes;

namespace FiveHundreds.Benchmarks.Ingest;

// Realistic events of about 4 KB: a Django-style stacktrace with context lines, request and environment.
// Most (90% by default) recur over a fixed set of fingerprints; the rest are new issues.
internal sealed class EventFactory(int recurringFingerprints, double newShare, int seed)
{
    private readonly Random _random = new(seed);
    private int _newIssues;

    public string Next()
    {
        string function;
        lock (_random)
        {
            function = _random.NextDouble() < newShare
                ? $"new_view_{Interlocked.Increment(ref _newIssues)}_{seed}"
                : $"view_{_random.Next(recurringFingerprints)}";
        }
        var frames = new JsonArray();
        foreach (var (file, fn, inApp) in new[]
                 {
                     ("django/core/handlers/exception.py", "inner", false),
                     ("django/core/handlers/base.py", "_get_response", false),
                     ("django/views/decorators/csrf.py", "wrapped_view", false),
                     ("shop/views.py", function, true),
                     ("shop/services/cart.py", "total", true),
                 })
        {
            frames.Add(new JsonObject
            {
                ["filename"] = file,
                ["abs_path"] = (inApp ? "/srv/shop/releases/142/" : "/usr/lib/python3/dist-packages/") + file,
                ["function"] = fn,
                ["module"] = file.Replace('/', '.').Replace(".py", ""),
                ["lineno"] = 40 + fn.Length,
                ["in_app"] = inApp,
                ["pre_context"] = new JsonArray("    items = cart.items()", "    subtotal = sum(i.price for i in items)", "    discount = compute_discount(subtotal)"),
                ["context_line"] = "    return subtotal / (len(items) - len(items))",
                ["post_context"] = new JsonArray("", "def checkout(request):", "    cart = Cart.for_request(request)"),
            });
        }
        var body = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["platform"] = "python",
            ["level"] = "error",
            ["release"] = "shop@1.4.2",
            ["server_name"] = "web-1",
            ["exception"] = new JsonObject
            {
                ["values"] = new JsonArray(new JsonObject
                {
                    ["type"] = "ZeroDivisionError",
                    ["value"] = "division by zero",
                    ["module"] = "builtins",
                    ["stacktrace"] = new JsonObject { ["frames"] = frames },
                }),
            },
            ["request"] = new JsonObject
            {
                ["url"] = "https://shop.example/checkout?step=2&coupon=WINTER",
                ["method"] = "POST",
                ["headers"] = new JsonObject
                {
                    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
                    ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                    ["Accept-Language"] = "en-GB,en;q=0.9",
                    ["Cookie"] = "sessionid=" + new string('a', 64) + "; csrftoken=" + new string('b', 64),
                    ["Referer"] = "https://shop.example/cart",
                },
                ["query_string"] = "step=2&coupon=WINTER",
                ["data"] = new JsonObject { ["address"] = "1 High Street", ["card_token"] = "tok_123", ["notes"] = new string('n', 200) },
            },
            ["environment"] = new JsonObject
            {
                ["DJANGO_SETTINGS_MODULE"] = "shop.settings.production",
                ["DATABASE_URL"] = "postgres://shop@db/shop",
                ["DATABASE_PASSWORD"] = "not-a-real-password",
                ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                ["LANG"] = "C.UTF-8",
                ["HOSTNAME"] = "web-1",
                ["PYTHONPATH"] = "/srv/shop/releases/142",
            },
            ["tags"] = new JsonObject { ["customer_tier"] = "gold", ["region"] = "eu-west" },
            ["sdk"] = new JsonObject { ["name"] = "fivehundreds.python", ["version"] = "0.1.0" },
        };
        return body.ToJsonString();
    }
}
