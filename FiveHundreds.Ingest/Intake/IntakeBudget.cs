using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Intake;

// Bytes of request bodies held in memory by all intake requests together. A request grows its lease as it
// reads; when the lease would pass the global budget, or its project's share of it, the request is refused
// with a 503 so that it lets go of its memory. The share keeps one project's slow or huge senders (an ingest
// key is public) from taking the room other projects' events need.
public sealed class IntakeBudget(IOptions<IntakeOptions> options)
{
    // Bodies read before their key is known (a key only in the envelope header) share one pool.
    public static readonly Guid Unkeyed = Guid.Empty;

    private readonly long _maxBytes = options.Value.MaxBytesInFlight;
    private readonly long _maxProjectBytes = options.Value.MaxBytesInFlightPerProject;
    private readonly ConcurrentDictionary<Guid, ProjectBytes> _projects = new();
    private long _bytes;

    public BodyLease Lease(Guid projectId) => new(this, projectId);

    internal bool TryTake(Guid projectId, long bytes)
    {
        var project = _projects.GetOrAdd(projectId, _ => new ProjectBytes());
        if (Interlocked.Add(ref project.Bytes, bytes) > _maxProjectBytes)
        {
            Interlocked.Add(ref project.Bytes, -bytes);
            return false;
        }
        if (Interlocked.Add(ref _bytes, bytes) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -bytes);
            Interlocked.Add(ref project.Bytes, -bytes);
            return false;
        }
        return true;
    }

    internal void Give(Guid projectId, long bytes)
    {
        Interlocked.Add(ref _bytes, -bytes);
        Interlocked.Add(ref _projects[projectId].Bytes, -bytes);
    }

    private sealed class ProjectBytes
    {
        public long Bytes;
    }
}

// One request's share of the budget, given back when the request ends.
public sealed class BodyLease(IntakeBudget budget, Guid projectId) : IDisposable
{
    private Guid _projectId = projectId;
    private long _bytes;

    public void Grow(int bytes)
    {
        if (!budget.TryTake(_projectId, bytes))
        {
            throw new IntakeOverloadedException();
        }
        _bytes += bytes;
    }

    // The key was found in the body: what was read so far now counts against its project.
    public void MoveTo(Guid projectId)
    {
        var bytes = _bytes;
        Dispose();
        _projectId = projectId;
        Grow((int)bytes);
    }

    public void Dispose()
    {
        if (_bytes > 0)
        {
            budget.Give(_projectId, _bytes);
            _bytes = 0;
        }
    }
}
