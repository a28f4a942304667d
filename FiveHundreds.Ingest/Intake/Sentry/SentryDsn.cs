using System.Security.Cryptography;

namespace FiveHundreds.Ingest.Intake.Sentry;

// A Sentry DSN, http(s)://<public key>@<host>[/<path>]/<project number>: what a Sentry SDK is configured with.
// SDKs accept only a plain integer as the project id, hence the project's Number rather than its Guid.
public static class SentryDsn
{
    public static string NewPublicKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Build(Uri ingestBase, string publicKey, long projectNumber)
    {
        // Behind a proxy the ingest may live under a path; SDKs put /api/<id>/... after it.
        var path = ingestBase.AbsolutePath.TrimEnd('/');
        return $"{ingestBase.Scheme}://{publicKey}@{ingestBase.Authority}{path}/{projectNumber}";
    }

    // The public key of a DSN, or null when the text is not one. Old DSNs carry "key:secret"; the secret is ignored.
    public static string? PublicKeyOf(string? dsn)
    {
        if (dsn is null || !Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
        {
            return null;
        }
        var colon = uri.UserInfo.IndexOf(':');
        return Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
    }
}
