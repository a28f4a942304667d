using System.Collections.Concurrent;

namespace FiveHundreds.Ingest.Auth;

// Slows down password guessing: every failed sign-in is answered only after a delay that doubles with each
// consecutive failure of its key (0.5 s, 1 s, 2 s ... up to 8 s). The keys are the account and the address
// (SessionService), so guessing many passwords for one account or many accounts from one address both slow
// down. A success, or 15 quiet minutes, forgets the failures. Per replica; the lockout in the database is the
// limit that holds across replicas.
public sealed class SignInThrottle(TimeProvider time)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(15);

    // Bounds the memory an attacker can make us hold by cycling addresses or account names.
    private const int MaxTrackedKeys = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new();

    private sealed record Failures(int Count, DateTimeOffset Last);

    // Records a failed attempt and returns how long to hold back the answer.
    public TimeSpan RecordFailure(string client)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTrackedKeys)
        {
            ForgetQuietClients(now);
        }
        var failures = _failures.AddOrUpdate(
            client,
            _ => new Failures(1, now),
            (_, previous) => new Failures(now - previous.Last > ForgetAfter ? 1 : previous.Count + 1, now));
        return DelayAfter(failures.Count);
    }

    public void RecordSuccess(string client) => _failures.TryRemove(client, out _);

    public static TimeSpan DelayAfter(int consecutiveFailures)
    {
        var doublings = Math.Min(consecutiveFailures - 1, 10);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay > MaxDelay ? MaxDelay : delay;
    }

    private void ForgetQuietClients(DateTimeOffset now)
    {
        foreach (var (client, failures) in _failures)
        {
            if (now - failures.Last > ForgetAfter)
            {
                _failures.TryRemove(client, out _);
            }
        }
    }
}
