using FiveHundreds.Ingest.Intake;
using static FiveHundreds.Ingest.Intake.ReleaseOrder;

namespace FiveHundreds.Tests.Ingest;

public sealed class ReleaseOrderTests
{
    private static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-11-30T09:00:00Z");

    [Theory]
    [InlineData("2.10.0", "2.9.0")]
    [InlineData("v2.0.1", "2.0.0")]
    [InlineData("shop@3.0.0", "shop@2.99.99")]
    [InlineData("1.0.0", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.10", "1.0.0-rc.2")]
    [InlineData("1.0.0-beta", "1.0.0-2")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha")]
    [InlineData("2.1", "2.0.5")]
    public void A_higher_semantic_version_is_newer_even_when_it_was_received_first(string newer, string older)
    {
        Assert.True(IsNewer(new Release(newer, Monday), new Release(older, Monday.AddDays(1))));
        Assert.False(IsNewer(new Release(older, Monday.AddDays(1)), new Release(newer, Monday)));
    }

    [Theory]
    [InlineData("9f8e7d6", "1a2b3c4")]
    [InlineData("shop@2.0.0", "cart@1.0.0")]
    [InlineData("2026.11.30-nightly_build", "2.0.0")]
    public void Names_that_are_not_comparable_versions_order_by_when_they_were_first_received(string later, string earlier)
    {
        Assert.True(IsNewer(new Release(later, Monday.AddHours(1)), new Release(earlier, Monday)));
        Assert.False(IsNewer(new Release(earlier, Monday), new Release(later, Monday.AddHours(1))));
    }

    [Fact]
    public void Versions_equal_but_for_build_metadata_order_by_when_they_were_first_received()
    {
        Assert.True(IsNewer(new Release("1.2.0+b2", Monday.AddHours(1)), new Release("1.2.0+b1", Monday)));
    }

    [Fact]
    public void A_release_never_received_is_newer_than_every_received_one_and_a_release_is_not_newer_than_itself()
    {
        Assert.True(IsNewer(new Release("deadbeef", null), new Release("cafe", Monday)));
        Assert.False(IsNewer(new Release("cafe", Monday), new Release("cafe", Monday)));
        Assert.False(IsNewer(new Release("1.0.0", null), new Release("2.0.0", Monday)));
    }

    [Fact]
    public void The_newest_of_a_project_s_releases_is_its_highest_version()
    {
        Assert.Equal("1.10.0", Newest([new Release("1.9.0", Monday), new Release("1.10.0", Monday.AddHours(1)), new Release("1.9.1", Monday.AddHours(2))])!.Version);
        Assert.Null(Newest([]));
    }
}
