namespace FiveHundreds.Ingest.Intake.Sentry;

// Splits the method signature the Sentry .NET SDK reports as a frame's function, such as
// "async Task<int> Checkout.TotalAsync(Cart cart)" or "T Cart.Generic<T>(T x)", into its type and method name.
public static class DotnetSignature
{
    public static (string Type, string Method)? Split(string signature)
    {
        var open = signature.IndexOf('(');
        if (open <= 0)
        {
            return null;
        }
        var name = signature[..open].TrimEnd();
        if (name.EndsWith('>'))
        {
            // The method's own type arguments: Generic<T>.
            var start = MatchingOpenBracket(name);
            if (start <= 0)
            {
                return null;
            }
            name = name[..start];
        }
        // The return type comes before the last space outside angle brackets ("Dictionary<TKey, TValue>" has one inside).
        var qualified = name[(LastAtDepthZero(name, ' ') + 1)..];
        var dot = LastAtDepthZero(qualified, '.');
        return dot <= 0 || dot == qualified.Length - 1 ? null : (qualified[..dot], qualified[(dot + 1)..]);
    }

    private static int MatchingOpenBracket(string text)
    {
        var depth = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            depth += text[i] switch { '>' => 1, '<' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static int LastAtDepthZero(string text, char wanted)
    {
        var depth = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            depth += text[i] switch { '>' => 1, '<' => -1, _ => 0 };
            if (depth == 0 && text[i] == wanted)
            {
                return i;
            }
        }
        return -1;
    }
}
