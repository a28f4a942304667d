using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FiveHundreds.AppHost.DataStores;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests;

public sealed class DataStoreTests
{
    [Fact]
    public async Task Local_processes_expose_the_same_resources_and_connection_strings_as_the_containers()
    {
        var local = await ConnectionStringsAsync(DataStoreMode.LocalProcesses);
        var containers = await ConnectionStringsAsync(DataStoreMode.Containers);

        Assert.Equal(containers.Keys.Order(), local.Keys.Order());
        Assert.Equal(containers["postgres"], local["postgres"]);
        Assert.Equal(containers["fivehundreds"], local["fivehundreds"]);
        // The Redis container's expression ends with a placeholder for TLS, which is off for both.
        Assert.StartsWith(local["cache"], containers["cache"]);
    }

    [Fact]
    public void A_missing_redis_server_names_the_package_to_install()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalServerBinaries.FindRedisServer(searchPath: "/nonexistent"));
        Assert.Contains("apt-get install -y redis-server", error.Message);
    }

    [Fact]
    public async Task Without_containers_the_mail_catcher_is_the_local_aiosmtpd()
    {
        var catcher = await MailCatcherAsync(DataStoreMode.LocalProcesses);
        Assert.Equal("/usr/bin/python3", Assert.IsType<ExecutableResource>(catcher).Command);
    }

    [Fact]
    public async Task With_containers_the_mail_catcher_is_MailPit()
    {
        var catcher = await MailCatcherAsync(DataStoreMode.Containers);
        Assert.Equal("axllent/mailpit", Assert.IsType<ContainerResource>(catcher).Annotations.OfType<ContainerImageAnnotation>().Single().Image);
    }

    [Fact]
    public async Task Building_the_model_without_starting_it_creates_no_data_folder()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"fivehundreds-unstarted-{Guid.NewGuid():N}");
        await using var app = await BuildAsync(DataStoreMode.LocalProcesses, dataDirectory);
        Assert.False(Directory.Exists(dataDirectory), "building the AppHost's model wrote its data folder");
    }

    [Fact]
    public async Task The_replicas_setting_sets_how_many_ingest_web_and_mcp_instances_run()
    {
        await using var app = await BuildAsync(DataStoreMode.LocalProcesses, settings: ["Replicas:Ingest=2", "Replicas:Web=3"]);
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;

        int ReplicasOf(string name) => resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().Single().Replicas;

        Assert.Equal(2, ReplicasOf("ingest"));
        Assert.Equal(3, ReplicasOf("web"));
        Assert.Equal(1, ReplicasOf("mcp"));
    }

    private static async Task<IResource> MailCatcherAsync(DataStoreMode mode)
    {
        await using var app = await BuildAsync(mode);
        return app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "mailcatcher");
    }

    // The AppHost's model, built and not started, over a data folder of its own (never the developer's .data).
    private static async Task<DistributedApplication> BuildAsync(DataStoreMode mode, string? dataDirectory = null, string[]? settings = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), $"fivehundreds-unstarted-{Guid.NewGuid():N}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FiveHundreds_AppHost>(
            [.. AppHostStack.Secrets(), $"DataStores:Mode={mode}", $"DataStores:DataDirectory={dataDirectory}", .. settings ?? []]);
        return await builder.BuildAsync();
    }

    // The connection strings of the data-store resources as the manifest would write them (nothing is started).
    private static async Task<Dictionary<string, string>> ConnectionStringsAsync(DataStoreMode mode)
    {
        await using var app = await BuildAsync(mode);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return model.Resources
            .OfType<IResourceWithConnectionString>()
            .Where(r => r.Name is "postgres" or "fivehundreds" or "cache")
            .ToDictionary(r => r.Name, r => r.ConnectionStringExpression.ValueExpression);
    }
}
