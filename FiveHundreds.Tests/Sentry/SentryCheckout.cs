namespace FiveHundreds.Tests.Sentry;

// The "app code" the Sentry .NET SDK reports from. A compiled method cannot move its lines between two runs
// of one test, so it throws the same error from two lines: what a change above the throw does to a frame.
internal static class SentryCheckout
{
    public const string EmptyCartMessage = "The cart is empty";

    public static void PlaceOrder(bool beforeReserving)
    {
        if (beforeReserving)
        {
            throw new InvalidOperationException(EmptyCartMessage);
        }
        Reserve();
        throw new InvalidOperationException(EmptyCartMessage);
    }

    private static void Reserve()
    {
    }
}
