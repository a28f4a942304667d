using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Tests.Ingest;

public sealed class IssueTitleTests
{
    [Fact]
    public void A_message_only_event_is_titled_by_its_message() =>
        Assert.Equal("cache warmed", IssueTitle.For([], "cache warmed"));

    [Fact]
    public void A_captured_message_with_an_attached_stack_is_titled_by_its_message_not_by_a_made_up_type() =>
        Assert.Equal("cache warmed", IssueTitle.For([new ExceptionSummary("Error", "cache warmed", [], TypeMissing: true)], "cache warmed"));

    [Fact]
    public void An_exception_is_titled_by_its_type_and_first_line() =>
        Assert.Equal("KeyError: 'sku'", IssueTitle.For([new ExceptionSummary("KeyError", "'sku'\nmore", null)], null));

    [Fact]
    public void An_exception_whose_type_is_Error_keeps_it() =>
        Assert.Equal("Error: boom", IssueTitle.For([new ExceptionSummary("Error", "boom", null)], null));
}
