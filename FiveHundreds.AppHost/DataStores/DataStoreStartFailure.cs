namespace FiveHundreds.AppHost.DataStores;

// Recorded when a data store cannot start with what it kept from an earlier run. The AppHost then stops and exits
// with ExitCode, so that eng/run.sh and CI see the failure rather than a stack that waits for ever.
public sealed class DataStoreStartFailure
{
    private int _recorded;

    public int ExitCode => _recorded == 0 ? 0 : 1;

    // True for the first failure only, so that two health checks failing alike report it once.
    internal bool TryRecord() => Interlocked.Exchange(ref _recorded, 1) == 0;
}
