using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Intake;

// Bytes of request bodies held in memory by all intake requests together. A request grows its lease as it
// reads; when the lease would pass the global budget, or its project's share of it, the request is refused
// with a 503 so that it lets go of its memory. The share keeps one project's slow or huge senders (an ingest
// key is public) from taking the room other projects' events need.
// The buffers a body is read into are counted at their real size. Those below the large object heap's threshold
// come from the shared pool, which keeps a bounded few of each size; larger ones (a whole body of more than one
// chunk) from the budget's own pool, which keeps only a few idle ones: the shared pool keeps up to 32 large
// buffers per size and core plus one per thread, memory that no budget counts.
public sealed class IntakeBudget(IOptions<IntakeOptions> options)
{
    // Bodies read before their key is known (a key only in the envelope header) share one pool.
    public static readonly Guid Unkeyed = Guid.Empty;

    // Enough for bursts of concurrent large bodies to reuse buffers; more idle ones go to the collector.
    private const int IdleLargeBuffersPerSize = 4;

    // Below the large object heap's threshold (85,000 bytes) and a power of two, as pooled arrays are.
    private const int MaxSmallBufferLength = 64 * 1024;

    private readonly long _maxBytes = options.Value.MaxBytesInFlight;
    private readonly long _maxProjectBytes = options.Value.MaxBytesInFlightPerProject;
    private readonly ConcurrentDictionary<Guid, ProjectBytes> _projects = new();
    private readonly ArrayPool<byte> _largeBuffers = ArrayPool<byte>.Create(options.Value.MaxBodyBytes, IdleLargeBuffersPerSize);
    private long _bytes;

    internal ArrayPool<byte> PoolFor(int length) => length <= MaxSmallBufferLength ? ArrayPool<byte>.Shared : _largeBuffers;

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

// One request's share of the budget and the buffers it holds, given back when the request ends.
public sealed class BodyLease(IntakeBudget budget, Guid projectId) : IDisposable
{
    private Guid _projectId = projectId;
    private long _bytes;

    // A buffer of at least the length, counted at its real size (the pool rounds up to a power of two).
    public byte[] Rent(int minimumLength)
    {
        var buffer = budget.PoolFor(minimumLength).Rent(minimumLength);
        try
        {
            Grow(buffer.Length);
        }
        catch (IntakeOverloadedException)
        {
            budget.PoolFor(buffer.Length).Return(buffer);
            throw;
        }
        return buffer;
    }

    public void Return(byte[] buffer)
    {
        budget.Give(_projectId, buffer.Length);
        _bytes -= buffer.Length;
        budget.PoolFor(buffer.Length).Return(buffer);
    }

    // One buffer of the body's length with the body copied into it from its chunks, which go back to their pool.
    // Only what the buffer adds to the chunks it replaces is taken from the budget: the two are held together
    // just for the copy, and a body that fitted in the share as it arrived is not refused at its end.
    public byte[] Join(List<byte[]> chunks, int length)
    {
        var whole = budget.PoolFor(length).Rent(length);
        var added = whole.Length - chunks.Sum(chunk => (long)chunk.Length);
        if (added > 0 && !budget.TryTake(_projectId, added))
        {
            budget.PoolFor(whole.Length).Return(whole);
            throw new IntakeOverloadedException();
        }
        if (added < 0)
        {
            budget.Give(_projectId, -added);
        }
        _bytes += added;
        var copied = 0;
        foreach (var chunk in chunks)
        {
            var part = Math.Min(chunk.Length, length - copied);
            chunk.AsSpan(0, part).CopyTo(whole.AsSpan(copied));
            copied += part;
            budget.PoolFor(chunk.Length).Return(chunk);
        }
        chunks.Clear();
        return whole;
    }

    private void Grow(int bytes)
    {
        if (!budget.TryTake(_projectId, bytes))
        {
            throw new IntakeOverloadedException();
        }
        _bytes += bytes;
    }

    // The key was found in the body: what was read so far now counts against its project.
    // Taken from the new project before it is given back to the old one, so that a refusal leaves the lease as it was.
    public void MoveTo(Guid projectId)
    {
        if (!budget.TryTake(projectId, _bytes))
        {
            throw new IntakeOverloadedException();
        }
        budget.Give(_projectId, _bytes);
        _projectId = projectId;
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
