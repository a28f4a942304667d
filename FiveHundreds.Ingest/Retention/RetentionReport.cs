namespace FiveHundreds.Ingest.Retention;

// What one retention pass removed. LargestBatch is the most rows one of its DELETE statements took (at most the
// batch size). Started and Finished are Stopwatch timestamps, comparable within a process.
public sealed record RetentionReport(
    int PartitionsDropped,
    long EventsPastProjectRetention,
    long EventsOverIssueCap,
    long HourlyCountsRemoved,
    long EventKeysForgotten,
    long LargestBatch,
    long Started,
    long Finished)
{
    public bool RemovedAnything =>
        PartitionsDropped + EventsPastProjectRetention + EventsOverIssueCap + HourlyCountsRemoved + EventKeysForgotten > 0;
}
