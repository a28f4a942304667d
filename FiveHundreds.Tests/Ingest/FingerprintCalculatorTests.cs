using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Tests.Ingest;

public sealed class FingerprintCalculatorTests
{
    private static FrameSummary App(string file, string function, string? module = null) => new(file, null, module, function, InApp: true);
    private static FrameSummary Library(string file, string function) => new(file, null, null, function, InApp: false);

    private static string Of(params ExceptionSummary[] chain) => FingerprintCalculator.Compute(chain, null);

    [Fact]
    public void Is_a_lowercase_hex_sha256()
    {
        var fingerprint = Of(new ExceptionSummary("ValueError", "x", [App("shop/views.py", "checkout")]));
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
    }

    [Fact]
    public void Ignores_the_message_when_there_are_frames()
    {
        Assert.Equal(
            Of(new ExceptionSummary("KeyError", "'a'", [App("shop/views.py", "checkout")])),
            Of(new ExceptionSummary("KeyError", "'b'", [App("shop/views.py", "checkout")])));
    }

    [Fact]
    public void Ignores_library_frames_when_the_event_has_app_frames()
    {
        Assert.Equal(
            Of(new ExceptionSummary("KeyError", "x", [Library("django/core/handlers/base.py", "_get_response"), App("shop/views.py", "checkout")])),
            Of(new ExceptionSummary("KeyError", "x", [Library("django/core/handlers/exception.py", "inner"), Library("django/core/handlers/base.py", "_legacy"), App("shop/views.py", "checkout")])));
    }

    [Fact]
    public void Separates_a_different_app_function()
    {
        Assert.NotEqual(
            Of(new ExceptionSummary("KeyError", "x", [App("shop/views.py", "checkout")])),
            Of(new ExceptionSummary("KeyError", "x", [App("shop/views.py", "cart")])));
    }

    [Fact]
    public void Separates_a_different_exception_type()
    {
        Assert.NotEqual(
            Of(new ExceptionSummary("KeyError", "x", [App("shop/views.py", "checkout")])),
            Of(new ExceptionSummary("ValueError", "x", [App("shop/views.py", "checkout")])));
    }

    [Fact]
    public void Uses_the_module_rather_than_an_absolute_release_path()
    {
        Assert.Equal(
            Of(new ExceptionSummary("KeyError", "x", [new FrameSummary("/srv/shop/releases/142/shop/views.py", null, "shop.views", "checkout", true)])),
            Of(new ExceptionSummary("KeyError", "x", [new FrameSummary("/srv/shop/releases/143/shop/views.py", null, "shop.views", "checkout", true)])));
    }

    [Fact]
    public void Counts_every_exception_of_a_chain()
    {
        var raised = new ExceptionSummary("RuntimeError", "wrapped", [App("shop/views.py", "checkout")]);
        Assert.NotEqual(
            Of(new ExceptionSummary("KeyError", "x", [App("shop/cart.py", "total")]), raised),
            Of(new ExceptionSummary("ValueError", "x", [App("shop/cart.py", "total")]), raised));
    }

    [Fact]
    public void Counts_all_frames_when_none_is_an_app_frame()
    {
        Assert.NotEqual(
            Of(new ExceptionSummary("KeyError", "x", [Library("lib/a.py", "f")])),
            Of(new ExceptionSummary("KeyError", "x", [Library("lib/b.py", "f")])));
    }

    [Fact]
    public void Without_a_stacktrace_groups_by_type_and_message_with_numbers_hex_and_uuids_masked()
    {
        Assert.Equal(
            Of(new ExceptionSummary("NotFound", "User 42 at 0x7f3a not in 3f2b1c9e-8d4a-4e8b-9c1d-2a3b4c5d6e7f", null)),
            Of(new ExceptionSummary("NotFound", "User 7 at 0x11 not in 00000000-0000-4000-8000-000000000001", null)));
        Assert.NotEqual(
            Of(new ExceptionSummary("NotFound", "User 42 missing", null)),
            Of(new ExceptionSummary("NotFound", "Order 42 missing", null)));
    }

    [Fact]
    public void A_message_only_event_groups_by_its_masked_message()
    {
        Assert.Equal(FingerprintCalculator.Compute([], "Disk 91% full"), FingerprintCalculator.Compute([], "Disk 97% full"));
    }

    [Fact]
    public void A_client_fingerprint_replaces_the_computed_one_and_can_extend_it()
    {
        var a = new ExceptionSummary("KeyError", "x", [App("shop/views.py", "checkout")]);
        var b = new ExceptionSummary("ValueError", "y", [App("shop/other.py", "cart")]);
        Assert.Equal(FingerprintCalculator.Compute([a], null, ["payments"]), FingerprintCalculator.Compute([b], null, ["payments"]));
        Assert.NotEqual(FingerprintCalculator.Compute([a], null, ["{{ default }}", "eu"]), FingerprintCalculator.Compute([a], null, ["{{ default }}", "us"]));
        Assert.NotEqual(FingerprintCalculator.Compute([a], null), FingerprintCalculator.Compute([a], null, ["payments"]));
    }
}

public sealed class FrameClassifierTests
{
    [Theory]
    [InlineData("/usr/lib/python3/dist-packages/django/core/handlers/base.py", null, true)]
    [InlineData("/home/app/.venv/lib/python3.11/site-packages/requests/api.py", null, true)]
    [InlineData("/usr/lib/python3.11/json/decoder.py", null, true)]
    [InlineData("<frozen importlib._bootstrap>", null, true)]
    [InlineData("/srv/app/node_modules/express/lib/router/index.js", null, true)]
    [InlineData("node:internal/process/task_queues", null, true)]
    [InlineData(null, "System.Linq.Enumerable", true)]
    [InlineData(null, "Microsoft.AspNetCore.Routing.EndpointMiddleware", true)]
    [InlineData(null, "java.util.ArrayList", true)]
    [InlineData(null, "jdk.internal.reflect.NativeMethodAccessorImpl", true)]
    [InlineData("shop/views.py", "shop.views", false)]
    [InlineData("/srv/shop/releases/142/shop/views.py", null, false)]
    [InlineData(null, "Shop.Controllers.CheckoutController", false)]
    [InlineData("src/app.js", null, false)]
    public void Tells_library_frames_from_app_frames(string? path, string? module, bool isLibrary)
    {
        Assert.Equal(isLibrary, FrameClassifier.IsLibraryFrame(path, path, module, null));
    }
}
