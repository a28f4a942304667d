using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

public sealed class IssueSearchParserTests
{
    private static IssueSearch Parse(string query)
    {
        Assert.True(IssueSearchParser.TryParse(query, out var search, out var error), error?.ToString());
        return search;
    }

    private static IssueSearchError Refused(string query)
    {
        Assert.False(IssueSearchParser.TryParse(query, out _, out var error));
        return error!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_query_matches_everything(string? query)
    {
        Assert.True(IssueSearchParser.TryParse(query, out var search, out _));
        Assert.Same(IssueSearch.Everything, search);
    }

    [Fact]
    public void Known_fields_tags_and_words_each_become_their_own_term()
    {
        var search = Parse("is:resolved level:error release:2.0.0 environment:production user.id:42 user.email:ann@example.com region:eu checkout");

        Assert.Equal(IssueStatus.Resolved, search.Status);
        Assert.Equal(EventLevel.Error, search.Level);
        Assert.Equal("42", search.UserId);
        Assert.Equal("ann@example.com", search.UserEmail);
        Assert.Equal(
            [new FacetPair("release", "2.0.0"), new FacetPair("environment", "production"), new FacetPair("region", "eu")],
            search.Facets);
        Assert.Equal(["checkout"], search.Text);
    }

    [Theory]
    [InlineData("is:unresolved", IssueStatus.Unresolved)]
    [InlineData("is:ignored", IssueStatus.Ignored)]
    [InlineData("IS:Resolved", IssueStatus.Resolved)]
    public void Is_takes_every_status_word_in_any_case(string query, IssueStatus status) =>
        Assert.Equal(status, Parse(query).Status);

    [Fact]
    public void Quoted_phrases_and_quoted_values_keep_their_spaces_and_escaped_quotes()
    {
        var search = Parse("""browser:"Chrome 120" "cart is \"undefined\"" file\path""");

        Assert.Equal([new FacetPair("browser", "Chrome 120")], search.Facets);
        Assert.Equal(["cart is \"undefined\"", @"file\path"], search.Text);
    }

    [Fact]
    public void Tag_keys_keep_their_case_and_built_in_keys_do_not()
    {
        var search = Parse("Release:1.0 Region:EU");
        Assert.Equal([new FacetPair("release", "1.0"), new FacetPair("Region", "EU")], search.Facets);
    }

    [Fact]
    public void The_same_tag_twice_must_match_both()
    {
        Assert.Equal(2, Parse("region:eu region:us").Facets.Count);
    }

    [Fact]
    public void Query_parameters_for_environment_and_release_add_terms()
    {
        var search = Parse("level:error").WithFacet(IssueAggregates.Environment, " staging ").WithFacet(IssueAggregates.Release, null);
        Assert.Equal([new FacetPair("environment", "staging")], search.Facets);
    }

    [Fact]
    public void Assigned_takes_me_none_or_a_person_s_id()
    {
        var person = Guid.NewGuid();

        Assert.Equal(new AssignedTerm(true, null), Parse("assigned:ME").Assigned);
        Assert.Equal(new AssignedTerm(false, null), Parse("assigned:none").Assigned);
        Assert.Equal(new AssignedTerm(false, person), Parse($"checkout assigned:{person}").Assigned);
        Assert.Null(Parse("checkout").Assigned);
    }

    [Theory]
    [InlineData("is:open", 1, "is:open is not a status; use is:unresolved, is:resolved, is:ignored.")]
    [InlineData("checkout level:loud", 10, "level:loud is not a level; use level:fatal, level:error, level:warning, level:info, level:debug.")]
    [InlineData("release:", 1, "release: has no value")]
    [InlineData("a :b", 3, "a term starts with ':'")]
    [InlineData("browser:\"Chrome 120", 9, "the quote opened here is never closed.")]
    [InlineData("\"cart", 1, "the quote opened here is never closed.")]
    [InlineData("is:resolved is:unresolved", 13, "is: is given twice")]
    [InlineData("level:error level:info", 13, "level: is given twice")]
    [InlineData("user.name:ann", 1, "user.name: is not a user field; use user.id: or user.email:.")]
    [InlineData("assigned:bob", 1, "assigned:bob is not an assignee; use assigned:me, assigned:none or assigned:<person id>.")]
    [InlineData("assigned:me assigned:none", 13, "assigned: is given twice")]
    public void A_bad_query_is_refused_with_the_position_and_the_reason(string query, int position, string reason)
    {
        var error = Refused(query);
        Assert.Equal(position, error.Position);
        Assert.StartsWith(reason, error.Reason);
        Assert.Equal($"query: at character {position}, {error.Reason}", error.ToString());
    }

    [Fact]
    public void Overlong_queries_and_too_many_terms_are_refused_before_any_work()
    {
        Assert.Equal(IssueSearchParser.MaxLength + 1, Refused(new string('a', IssueSearchParser.MaxLength + 1)).Position);
        var terms = string.Join(' ', Enumerable.Range(0, IssueSearchParser.MaxTerms + 1).Select(i => $"w{i}"));
        Assert.Contains($"more than {IssueSearchParser.MaxTerms} terms", Refused(terms).Reason);
    }

    [Fact]
    public void An_overlong_tag_key_is_refused()
    {
        Assert.Contains("longer than", Refused(new string('k', 65) + ":v").Reason);
    }
}
