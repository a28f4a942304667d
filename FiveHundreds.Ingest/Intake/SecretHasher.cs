using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FiveHundreds.Ingest.Intake;

// Ingest keys and API tokens: random, shown once, stored only as SHA-256 (they are long random strings,
// so a fast hash is enough), with a short prefix kept to recognise them in lists.
public static class SecretHasher
{
    public static (string Secret, byte[] Hash, string Prefix) Create(string kind)
    {
        var secret = $"{kind}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(30))}";
        return (secret, Hash(secret), secret[..(kind.Length + 7)]);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
