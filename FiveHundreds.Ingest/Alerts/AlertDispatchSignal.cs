namespace FiveHundreds.Ingest.Alerts;

// Wakes this replica's dispatcher as soon as a commit wrote alert intents, instead of at its next poll.
public sealed class AlertDispatchSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher takes everything written so far when it wakes.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
