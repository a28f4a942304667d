using FiveHundreds.Ingest.Intake.Sentry;

namespace FiveHundreds.Tests.Sentry;

public sealed class DotnetSignatureTests
{
    [Theory]
    [InlineData("void Checkout.Run()", "Checkout", "Run")]
    [InlineData("async Task Checkout.Main(string[] args)", "Checkout", "Main")]
    [InlineData("async Task<int> Shop.Checkout.TotalAsync(Cart cart)", "Shop.Checkout", "TotalAsync")]
    [InlineData("T Cart.Generic<T>(T x)", "Cart", "Generic")]
    [InlineData("bool Dictionary<TKey, TValue>.TryInsert(TKey key, TValue value)", "Dictionary<TKey, TValue>", "TryInsert")]
    [InlineData("void Cart.Add()+() => { }", "Cart", "Add")]
    [InlineData("Thread.StartCallback()", "Thread", "StartCallback")]
    public void A_signature_splits_into_type_and_method(string signature, string type, string method)
    {
        Assert.Equal((type, method), DotnetSignature.Split(signature));
    }

    [Theory]
    [InlineData("lambda_method1(Closure, object)")]
    [InlineData("Main")]
    [InlineData("(anonymous)")]
    [InlineData("void .Run()")]
    public void Anything_else_is_left_alone(string function)
    {
        Assert.Null(DotnetSignature.Split(function));
    }
}
