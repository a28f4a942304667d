using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Web.Auth;

// Checks a sign-in against the admin account. Both sides are hashed first so that the comparison takes the
// same time whatever the length or the first differing character of the guess.
public sealed class AdminCredentials(IOptions<AuthOptions> options)
{
    public bool Verify(string? userName, string? password)
    {
        var userMatches = FixedTimeEquals(userName ?? "", AuthOptions.AdminUserName);
        var passwordMatches = FixedTimeEquals(password ?? "", options.Value.AdminPassword);
        // Non-short-circuiting: a wrong user name must cost as much as a wrong password.
        return userMatches & passwordMatches && options.Value.AdminPassword.Length > 0;
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
