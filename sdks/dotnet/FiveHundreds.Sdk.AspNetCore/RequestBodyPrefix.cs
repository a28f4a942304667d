namespace FiveHundreds.Sdk.AspNetCore;

// The request body as the app reads it, passed through unchanged, keeping a copy of its first bytes for the
// event: at most what the SDK may send (MaxRequestBodyBytes), whatever the size of the upload. The app's reads
// go straight to the server's stream, so nothing beyond the copy is buffered in memory or on disk.
internal sealed class RequestBodyPrefix(Stream inner, int capacity) : Stream
{
    private readonly int _capacity = Math.Max(0, capacity);

    // Taken at the first read, so that a body the endpoint never reads costs nothing.
    private byte[]? _copy;
    private int _copied;

    // The body's first bytes, as far as the app has read it.
    public ReadOnlySpan<byte> Copied => _copy.AsSpan(0, _copied);

    // True when the app read more than the copy holds: the copy is a cut-off body.
    public bool IsCut { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Keep(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Keep(ReadOnlySpan<byte> read)
    {
        _copy ??= new byte[_capacity];
        var room = _copy.Length - _copied;
        read[..Math.Min(room, read.Length)].CopyTo(_copy.AsSpan(_copied));
        _copied += Math.Min(room, read.Length);
        IsCut |= read.Length > room;
        return read.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
