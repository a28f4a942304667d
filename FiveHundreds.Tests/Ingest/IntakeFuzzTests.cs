using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class IntakeFuzzTests(IngestFixture ingest)
{
    private const int Bodies = 3000;

    private static readonly string[] Replacements =
    [
        "null", "true", "0", "-1", "1e999", "99999999999999999999", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}",
        "[[[[[[[[]]]]]]]]", "\"x\"", "{\"values\": null}", "[{\"type\": null}]", "\"\u202e\u0000\"",
    ];

    [Fact]
    public async Task Thousands_of_mutated_bodies_get_no_5xx_and_leave_nothing_half_stored()
    {
        var project = await ingest.CreateProjectAsync();
        var random = new Random(500);
        var seeds = new[]
        {
            EventSamples.DivisionInCheckout().Json(),
            EventSamples.Event(EventSamples.Exception("KeyError", "'id'", EventSamples.Frame("app/a.py", "a", 1))).Json(),
            """{"message": "Disk 93% full", "level": "warning"}""",
        };
        var bodies = Enumerable.Range(0, Bodies).Select(_ => Mutate(seeds[random.Next(seeds.Length)], random)).ToList();

        var accepted = new ConcurrentBag<Guid>();
        var failures = new ConcurrentBag<string>();
        using var client = ingest.CreateClient();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Monolynx-Key", project.Key);
            using var response = await client.SendAsync(request, ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
            }
            else if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add((await response.Content.ReadFromJsonAsync<EventAcceptedDto>(TriageJson.Options, ct))!.EventId);
            }
        });

        Assert.Empty(failures);
        Assert.NotEmpty(accepted);
        var ids = accepted.Distinct().ToArray();
        var stored = await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p AND event_id = ANY(@ids)", ("p", project.Id), ("ids", ids));
        Assert.Equal(ids.Length, stored);
        var counted = await ingest.QueryScalarAsync<long>("SELECT coalesce(sum(event_count), 0) FROM issues WHERE project_id = @p", ("p", project.Id));
        var events = await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id));
        Assert.Equal(events, counted);
    }

    // One of several kinds of damage: flipped bytes, a cut, a value of the wrong type, a duplicated name, deep nesting.
    private static byte[] Mutate(string seed, Random random)
    {
        var text = seed;
        switch (random.Next(6))
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
