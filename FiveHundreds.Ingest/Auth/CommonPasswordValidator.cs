using System.Collections.Frozen;
using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.AspNetCore.Identity;

namespace FiveHundreds.Ingest.Auth;

// Refuses the passwords that guessing tries first: those on the common and breached list that ships with the
// code (common-passwords.txt, embedded), and one that is the person's own user name or email address. Length is
// Identity's own rule (IdentityOptions.Password); no rules about digits or capitals, which make passwords harder
// to remember rather than to guess.
public sealed class CommonPasswordValidator : IPasswordValidator<User>
{
    public const string ListResource = "common-passwords.txt";

    private static readonly FrozenSet<string> Common = Load();

    public static bool IsCommon(string password) => Common.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }
        if (IsCommon(password))
        {
            return Task.FromResult(Refused("CommonPassword", "This password is on the list of common and breached passwords; choose another."));
        }
        var own = new[] { user.UserName, user.Email, user.Email?.Split('@')[0] }.Where(s => !string.IsNullOrEmpty(s));
        return Task.FromResult(own.Any(s => string.Equals(s, password.Trim(), StringComparison.OrdinalIgnoreCase))
            ? Refused("PasswordIsUserName", "The password must not be your user name or email address.")
            : IdentityResult.Success);
    }

    private static IdentityResult Refused(string code, string description) => IdentityResult.Failed(new IdentityError { Code = code, Description = description });

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The embedded {ListResource} is missing.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word)
            {
                words.Add(word);
            }
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
