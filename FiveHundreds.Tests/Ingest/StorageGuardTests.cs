using System.Net;
using System.Net.Http.Json;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Alerts;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace FiveHundreds.Tests.Ingest;

// An ingest whose database is over its size cap from the start (any database is larger than one megabyte),
// with a guard that looks often and a fast alert dispatcher.
public sealed class StorageGuardFixture : IngestFixture
{
    public AlertReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("StorageGuard:MaxDatabaseBytes", (1024 * 1024).ToString()),
        new("StorageGuard:CheckInterval", "00:00:00.200"),
        new("Alerts:PollInterval", "00:00:00.200"),
    ];

    public override async Task InitializeAsync()
    {
        Receiver = await AlertReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StorageGuardCollection : ICollectionFixture<StorageGuardFixture>
{
    public const string Name = "StorageGuard";
}

[Collection(StorageGuardCollection.Name)]
public sealed class StorageGuardTests(StorageGuardFixture ingest)
{
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    [Fact]
    public async Task Past_the_database_size_cap_intake_refuses_with_503_and_stores_nothing()
    {
        var project = await ingest.CreateProjectAsync();
        using var refused = await EventuallyAsync(
            () => ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json()),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotEmpty(refused.Headers.GetValues("Retry-After"));
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Storage full", problem!.Title);
        Assert.Contains("cap", problem.Detail);
        Assert.Equal(0, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(0, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM issues WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(0, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM project_daily_stats WHERE project_id = @p", ("p", project.Id)));
        var storage = await EventuallyAsync(
            async () => (await ingest.CreateTriageClient().ListProjectStorageAsync()).Single(s => s.Project == project.Id),
            s => s.DropsToday.ContainsKey("storage_full"));
        Assert.Equal(0, storage.EventsKept);
        Assert.True(storage.DropsToday["storage_full"] >= 1);
    }

    [Fact]
    public async Task Past_the_database_size_cap_health_says_degraded()
    {
        using var client = ingest.CreateClient();

        var health = await EventuallyAsync(async () => await client.GetStringAsync("/health"), h => h == "Degraded");

        Assert.Equal("Degraded", health);
    }

    [Fact]
    public async Task A_storage_full_rule_is_alerted_once_within_its_quiet_period()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var path = "storage-" + Guid.NewGuid().ToString("N");
        var destination = await triage.CreateAlertDestinationAsync(project.Id,
            new CreateAlertDestinationRequest("Hook " + path, AlertChannel.Webhook, ingest.Receiver.Url(path)));
        await triage.CreateAlertRuleAsync(project.Id, new AlertRuleRequest("Disk", AlertTrigger.StorageFull, [destination.Destination.Id]));

        var received = await EventuallyAsync(() => Task.FromResult(ingest.Receiver.At(path)), r => r.Count > 0);
        // The guard looks five times a second: every look after the first is inside the rule's quiet period.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var alert = Assert.Single(ingest.Receiver.At(path));
        Assert.Equal("storage_full", alert.Trigger);
        Assert.Contains("cap", alert.Json.GetProperty("storage").GetProperty("reason").GetString());
        Assert.NotEmpty(received);
    }
}

public sealed class StorageGuardJudgementTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(100 * MiB, 5000 * MiB, null, null)]
    [InlineData(100 * MiB, 1000 * MiB, null, "disk")]
    [InlineData(100 * MiB, null, null, null)]
    [InlineData(100 * MiB, null, 100 * MiB, "cap")]
    [InlineData(99 * MiB, null, 100 * MiB, null)]
    [InlineData(100 * MiB, 5000 * MiB, 50 * MiB, "cap")]
    public void Refuses_below_the_free_space_kept_or_at_the_size_cap(long databaseBytes, long? freeBytes, long? cap, string? reasonMentions)
    {
        var bounds = new StorageGuardOptions { MinFreeBytes = 2048 * MiB, MaxDatabaseBytes = cap };

        var reason = StorageGuard.Judge(databaseBytes, freeBytes, bounds);

        if (reasonMentions is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(reasonMentions, reason);
        }
    }
}
