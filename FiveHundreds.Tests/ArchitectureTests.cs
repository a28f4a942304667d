using System.Reflection;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Triage;
using NetArchTest.Rules;

namespace FiveHundreds.Tests;

// The doors the code is built around, checked on the compiled assemblies so that a new file cannot go around them.
public sealed class ArchitectureTests
{
    private static readonly Assembly IngestAssembly = typeof(FiveHundredsDbContext).Assembly;

    [Fact]
    public void Endpoints_never_reach_the_DbContext_so_every_read_goes_through_the_scoped_reader()
    {
        var result = TypesUsingTheDbContextIn("FiveHundreds.Ingest.Apis");

        Assert.True(result.IsSuccessful, $"Types in Apis/ that use the DbContext: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_DbContext_rule_catches_a_type_that_uses_it()
    {
        var result = TypesUsingTheDbContextIn("FiveHundreds.Ingest.Triage");

        Assert.False(result.IsSuccessful);
        Assert.Contains(typeof(TriageReader).FullName, result.FailingTypeNames);
    }

    [Theory]
    [InlineData("FiveHundreds.Web")]
    [InlineData("FiveHundreds.Mcp")]
    public void Dashboard_and_MCP_server_reach_the_ingest_only_through_the_triage_API(string assembly)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("FiveHundreds.TriageApi.Client", references);
        Assert.DoesNotContain(IngestAssembly.GetName().Name, references);
    }

    [Theory]
    [InlineData("FiveHundreds.TriageApi.Contracts")]
    [InlineData("FiveHundreds.TriageApi.Client")]
    public void Contracts_and_client_need_no_ASP_NET_Core(string assembly)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    private static TestResult TypesUsingTheDbContextIn(string ns) =>
        Types.InAssembly(IngestAssembly)
            .That().ResideInNamespace(ns)
            .ShouldNot().HaveDependencyOn(typeof(FiveHundredsDbContext).FullName)
            .GetResult();
}
