using FiveHundreds.Ingest.Intake.Sentry;

namespace FiveHundreds.Tests.Sentry;

public sealed class SentryAuthTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("Sentry sentry_version=7,sentry_client=sentry.dotnet/6.12.1,sentry_key=" + Key)]
    [InlineData("Sentry sentry_key=" + Key + ", sentry_version=7, sentry_client=sentry.python/1.9.10")]
    [InlineData("sentry_key=" + Key + ",sentry_secret=old")]
    public void The_key_is_read_from_the_auth_header_in_any_field_order(string header)
    {
        Assert.Equal(Key, SentryAuth.PublicKey(header, null));
    }

    [Fact]
    public void The_query_parameter_is_used_when_the_header_has_no_key()
    {
        Assert.Equal(Key, SentryAuth.PublicKey("Sentry sentry_version=7", Key));
        Assert.Equal(Key, SentryAuth.PublicKey(null, Key));
    }

    [Fact]
    public void Without_header_or_parameter_there_is_no_key()
    {
        Assert.Null(SentryAuth.PublicKey(null, null));
        Assert.Null(SentryAuth.PublicKey("  ", ""));
    }

    [Theory]
    [InlineData("http://" + Key + "@localhost:5000/42", Key)]
    [InlineData("https://" + Key + ":legacysecret@ingest.example/sentry/42", Key)]
    [InlineData("https://ingest.example/42", null)]
    [InlineData("not a dsn", null)]
    [InlineData(null, null)]
    public void The_public_key_of_a_dsn_is_its_user_name(string? dsn, string? expected)
    {
        Assert.Equal(expected, SentryDsn.PublicKeyOf(dsn));
    }

    [Theory]
    [InlineData("http://localhost:5123", "http://" + Key + "@localhost:5123/7")]
    [InlineData("https://errors.example.com/", "https://" + Key + "@errors.example.com/7")]
    [InlineData("https://proxy.example/fivehundreds/", "https://" + Key + "@proxy.example/fivehundreds/7")]
    public void A_dsn_is_the_ingest_url_with_the_key_as_user_and_the_project_number_as_last_segment(string ingest, string expected)
    {
        var dsn = SentryDsn.Build(new Uri(ingest), Key, 7);

        Assert.Equal(expected, dsn);
        Assert.Equal(Key, SentryDsn.PublicKeyOf(dsn));
    }

    [Fact]
    public void New_public_keys_are_32_lowercase_hex_digits_and_differ()
    {
        var first = SentryDsn.NewPublicKey();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, SentryDsn.NewPublicKey());
    }
}
