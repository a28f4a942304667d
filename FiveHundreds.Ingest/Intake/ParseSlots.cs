using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Intake;

// How many events of one project are parsed at once. Parsing is the intake's CPU work, and a body built to be
// expensive costs more of it than a normal one: without a limit, one project's senders (an ingest key is
// public) could keep every core busy while other projects' events wait. A project's further events wait
// their turn for a short while, then get a 503 like any other overload.
public sealed class ParseSlots(IOptions<IntakeOptions> options)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _projects = new();

    public async Task<T> RunAsync<T>(Guid projectId, Func<T> parse, CancellationToken ct)
    {
        var slots = _projects.GetOrAdd(projectId, _ => new SemaphoreSlim(options.Value.MaxConcurrentParsesPerProject));
        // A free slot is taken without the timer and task that waiting with a timeout costs.
        if (!slots.Wait(0) && !await slots.WaitAsync(MaxWait, ct))
        {
            throw new IntakeOverloadedException();
        }
        try
        {
            return parse();
        }
        finally
        {
            slots.Release();
        }
    }
}
