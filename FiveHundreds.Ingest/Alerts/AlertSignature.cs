using System.Security.Cryptography;
using System.Text;

namespace FiveHundreds.Ingest.Alerts;

// The generic webhook's signature: HMAC-SHA256 with the destination's secret over "<timestamp>.<body>", so a
// receiver that checks the timestamp's age also rejects a replayed request. docs/alerts-webhook.md shows how.
public static class AlertSignature
{
    public const string SignatureHeader = "X-FiveHundreds-Signature";
    public const string TimestampHeader = "X-FiveHundreds-Timestamp";
    public const string DeliveryHeader = "X-FiveHundreds-Delivery";

    public static string Sign(string secret, long unixTimestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixTimestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(string secret, long unixTimestamp, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, unixTimestamp, body)), Encoding.ASCII.GetBytes(signature));
}
