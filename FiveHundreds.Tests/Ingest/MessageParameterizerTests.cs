using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Tests.Ingest;

// The variable parts of a message, masked by kind before grouping.
public sealed class MessageParameterizerTests
{
    [Theory]
    [InlineData("Order 123 failed", "Order <n> failed")]
    [InlineData("Took 3.25 of budget", "Took <n> of budget")]
    [InlineData("User 3f2b1c9e-8d4a-4e8b-9c1d-2a3b4c5d6e7f not found", "User <uuid> not found")]
    [InlineData("Bad pointer 0x7f3a12", "Bad pointer <hex>")]
    [InlineData("Commit deadbeef42 missing", "Commit <hex> missing")]
    [InlineData("Refused by 10.0.12.7", "Refused by <ip>")]
    [InlineData("Refused by 2001:db8::ff00:42:8329 now", "Refused by <ip> now")]
    [InlineData("Refused by ::1", "Refused by <ip>")]
    [InlineData("No account for ada.lovelace+shop@example.co.uk", "No account for <email>")]
    [InlineData("Expired at 2026-12-01T14:03:07.250Z", "Expired at <date>")]
    [InlineData("Expired on 2026-12-01", "Expired on <date>")]
    [InlineData("Job started 14:03:07 stalled", "Job started <date> stalled")]
    [InlineData("Timed out after 30s", "Timed out after <duration>")]
    [InlineData("Timed out after 1500 ms", "Timed out after <duration>")]
    [InlineData("Unknown SKU 'A-17'", "Unknown SKU <quoted>")]
    [InlineData("Unknown field \"total_2\" in form", "Unknown field <quoted> in form")]
    public void Masks_each_kind_of_variable_part(string message, string expected) =>
        Assert.Equal(expected, MessageParameterizer.Parameterize(message));

    [Theory]
    [InlineData("Can't reach the payment service, it's down")]
    [InlineData("Cache miss")]
    [InlineData("ratio a:b unknown")]
    public void Leaves_words_and_apostrophes_alone(string message) =>
        Assert.Equal(message, MessageParameterizer.Parameterize(message));

    [Fact]
    public void Two_messages_that_differ_only_by_an_order_number_are_one_group() =>
        Assert.Equal(FingerprintCalculator.Compute([], "Order 1001 failed: card declined"), FingerprintCalculator.Compute([], "Order 73 failed: card declined"));

    [Fact]
    public void Library_only_exceptions_group_by_their_masked_value_as_well_as_their_frames()
    {
        FrameSummary library = new("node_modules/pg/lib/client.js", null, null, "connect", false);
        Assert.Equal(
            FingerprintCalculator.Compute([new ExceptionSummary("Error", "connect ECONNREFUSED 10.0.0.1:5432", [library])], null),
            FingerprintCalculator.Compute([new ExceptionSummary("Error", "connect ECONNREFUSED 10.0.0.2:5433", [library])], null));
        Assert.NotEqual(
            FingerprintCalculator.Compute([new ExceptionSummary("Error", "connect ECONNREFUSED 10.0.0.1:5432", [library])], null),
            FingerprintCalculator.Compute([new ExceptionSummary("Error", "password authentication failed", [library])], null));
    }

    [Fact]
    public void Exceptions_with_app_frames_keep_grouping_by_type_and_app_frames_only()
    {
        FrameSummary app = new("shop/cart.py", null, null, "add", true);
        Assert.Equal(
            FingerprintCalculator.Compute([new ExceptionSummary("KeyError", "'sku'", [app])], null),
            FingerprintCalculator.Compute([new ExceptionSummary("KeyError", "totally different", [app])], null));
    }
}
