using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

// Structure-aware mutations of real payloads: native events, and envelopes shaped as the Sentry .NET, Python
// and JavaScript SDKs send them. Whatever the damage, the intake answers 4xx or stores the whole event.
[Collection(IngestCollection.Name)]
public sealed class IntakeFuzzTests(IngestFixture ingest)
{
    private const int NativeBodies = 4000;
    private const int Envelopes = 6000;

    private static readonly string[] Replacements =
    [
        "null", "true", "0", "-1", "1e999", "99999999999999999999", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}",
        "[[[[[[[[]]]]]]]]", "\"x\"", "{\"values\": null}", "[{\"type\": null}]", "\"\u202e\u0000\"",
    ];

    [Fact]
    public async Task Thousands_of_mutated_bodies_get_no_5xx_and_leave_nothing_half_stored()
    {
        var project = await ingest.CreateProjectAsync();
        var (publicKey, number) = SentryParts(project.Dsn);
        var random = new Random(500);
        var nativeSeeds = new[]
        {
            EventSamples.DivisionInCheckout().Json(),
            EventSamples.Event(EventSamples.Exception("KeyError", "'id'", EventSamples.Frame("app/a.py", "a", 1))).Json(),
            """{"message": "Disk 93% full", "level": "warning"}""",
        };
        var sends = Enumerable.Range(0, NativeBodies)
            .Select(_ => new Send("/api/v1/events", ("X-Monolynx-Key", project.Key), Mutate(nativeSeeds[random.Next(nativeSeeds.Length)], random), false))
            .Concat(Enumerable.Range(0, Envelopes).Select(_ => MutatedEnvelope(random, project.Dsn, publicKey, number)))
            .ToList();

        var accepted = new ConcurrentBag<Guid>();
        var failures = new ConcurrentBag<string>();
        using var client = ingest.CreateClient();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (send, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, send.Path) { Content = new ByteArrayContent(send.Body) };
            if (send.Header is var (name, value))
            {
                request.Headers.Add(name, value);
            }
            using var response = await client.SendAsync(request, ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {Encoding.UTF8.GetString(send.Body)[..Math.Min(300, send.Body.Length)]}");
            }
            else if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add((await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options, ct))!.EventId);
            }
            else if (response.StatusCode == HttpStatusCode.OK && send.IsEnvelope && CarriesEvent(send.Body))
            {
                // An envelope without an event item (its type damaged, say) is acknowledged and stores nothing.
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                accepted.Add(Guid.Parse(answer.RootElement.GetProperty("id").GetString()!));
            }
        });

        Assert.Empty(failures);
        Assert.True(accepted.Count > 1000, $"only {accepted.Count} accepted: the mutations should leave many events valid");
        var ids = accepted.Distinct().ToArray();
        var stored = await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p AND event_id = ANY(@ids)", ("p", project.Id), ("ids", ids));
        Assert.Equal(ids.Length, stored);
        var counted = await ingest.QueryScalarAsync<long>("SELECT coalesce(sum(event_count), 0) FROM issues WHERE project_id = @p", ("p", project.Id));
        var events = await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id));
        Assert.Equal(events, counted);
    }

    private sealed record Send(string Path, (string Name, string Value)? Header, byte[] Body, bool IsEnvelope);

    private static (string Key, long Number) SentryParts(string dsn)
    {
        var uri = new Uri(dsn);
        return (uri.UserInfo, long.Parse(uri.AbsolutePath.Trim('/')));
    }

    private static bool CarriesEvent(byte[] body)
    {
        try
        {
            return SentryEnvelope.Parse(body).Items.Any(i => i.Type == SentryEnvelope.EventItemType);
        }
        catch (EventValidationException)
        {
            return false;
        }
    }

    // An envelope as one of the SDKs sends it, its event, its headers or its framing damaged.
    private static Send MutatedEnvelope(Random random, string dsn, string publicKey, long number)
    {
        var eventId = Guid.NewGuid().ToString("N");
        var sdk = random.Next(3);
        var (header, itemHeader, payload) = sdk switch
        {
            0 => ($$"""{"sdk":{"name":"sentry.dotnet","version":"6.12.1"},"event_id":"{{eventId}}","trace":{"trace_id":"{{Guid.NewGuid():N}}","public_key":"{{publicKey}}","release":"Shop@1.0.0","environment":"production"},"sent_at":"{{DateTimeOffset.UtcNow:O}}"}""",
                  """{"type":"event","length":LENGTH}""", SentrySdkPayloads.Dotnet(eventId)),
            1 => ($$"""{"event_id":"{{eventId}}","sent_at":"{{DateTimeOffset.UtcNow:O}}"}""",
                  """{"type":"event","content_type":"application/json","length":LENGTH}""", SentrySdkPayloads.Python(eventId)),
            _ => ($$"""{"event_id":"{{eventId}}","sent_at":"{{DateTimeOffset.UtcNow:O}}","sdk":{"name":"sentry.javascript.browser","version":"11.12.0"},"dsn":"{{dsn}}"}""",
                  """{"type":"event"}""", SentrySdkPayloads.Javascript(eventId)),
        };
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var kind = random.Next(8);
        if (kind <= 3)
        {
            payloadBytes = Mutate(payload, random);
        }
        else if (kind == 4)
        {
            headerBytes = Mutate(header, random);
        }
        // With a length, the payload may hold newlines; the JavaScript SDK's line-delimited item may not.
        var length = kind == 5 ? payloadBytes.Length + random.Next(-20, 20) : payloadBytes.Length;
        var item = itemHeader.Replace("LENGTH", length.ToString());
        if (kind == 6)
        {
            item = item.Replace("event", random.Next(2) == 0 ? "attachment" : "");
        }
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(headerBytes) + "\n" + item + "\n")
            .Concat(payloadBytes).Concat("\n"u8.ToArray()).ToArray();
        if (kind == 7)
        {
            body = Mutate(Encoding.UTF8.GetString(body), random, damageJson: false);
        }
        // The .NET and Python SDKs authenticate with X-Sentry-Auth, the browser SDK with the dsn in the envelope.
        (string, string)? auth = sdk == 2 ? null : ("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_client=sentry.test/1.0, sentry_key={publicKey}");
        return new Send($"/api/{number}/envelope/", auth, body, true);
    }

    // One of several kinds of damage: flipped bytes, a cut, a value of the wrong type, a duplicated name, deep nesting.
    private static byte[] Mutate(string seed, Random random, bool damageJson = true)
    {
        var text = seed;
        switch (damageJson ? random.Next(6) : random.Next(2))
        {
            case 0:
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
                return bytes;
            case 1:
                text = text[..random.Next(text.Length)];
                break;
            case 2:
            case 3:
                var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
                var at = colons[random.Next(colons.Count)] + 1;
                var end = at;
                var depth = 0;
                var inString = false;
                for (; end < text.Length; end++)
                {
                    var c = text[end];
                    if (inString)
                    {
                        if (c == '\\')
                        {
                            end++;
                        }
                        else if (c == '"')
                        {
                            inString = false;
                        }
                        continue;
                    }
                    if (c == '"')
                    {
                        inString = true;
                    }
                    else if (c is '{' or '[')
                    {
                        depth++;
                    }
                    else if (c is '}' or ']')
                    {
                        if (depth-- == 0)
                        {
                            break;
                        }
                    }
                    else if (c == ',' && depth == 0)
                    {
                        break;
                    }
                }
                text = text[..at] + " " + Replacements[random.Next(Replacements.Length)] + text[end..];
                break;
            case 4:
                text = text.Insert(1, "\"message\": 1, \"message\": \"dup\", ");
                break;
            default:
                var nesting = random.Next(50, 80);
                text = text.Insert(1, "\"extra\": " + new string('[', nesting) + new string(']', nesting) + ", ");
                break;
        }
        return Encoding.UTF8.GetBytes(text);
    }
}
