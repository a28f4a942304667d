using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace FiveHundreds.Ingest.Intake;

// Reads an intake body, decompressing it if the SDK compressed it, and stops at the size limit measured
// after decompression, so that a few kilobytes of gzip cannot expand into gigabytes in memory. The buffer
// grows with the bytes that really arrived (never from Content-Length, which a sender may set to the
// limit and then trickle), and every byte is first taken from the intake's budget of bytes in flight. The
// body's bytes are in use until the request is answered (envelope items are slices of them).
public sealed class RequestBodyReader : IDisposable
{
    private const int InitialCapacity = 4 * 1024;
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _body;
    private readonly string _encoding;
    private readonly int _maxBytes;
    private readonly BodyLease _lease;
    private readonly bool _decompressing;
    private byte[] _buffer = [];
    private int _length;
    private bool _ended;

    private RequestBodyReader(Stream body, string encoding, int maxBytes, BodyLease lease)
    {
        _body = body;
        _encoding = encoding;
        _maxBytes = maxBytes;
        _lease = lease;
        _decompressing = encoding is not ("" or "identity");
    }

    // The reader and its lease live as long as the request: the body's bytes are in use until it is answered.
    public static RequestBodyReader Open(HttpRequest request, int maxBytes, IntakeBudget budget, Guid projectId)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException(maxBytes);
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream body = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" or "x-gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => throw new UnsupportedContentEncodingException(encoding),
        };
        var reader = new RequestBodyReader(body, encoding, maxBytes, budget.Lease(projectId));
        request.HttpContext.Response.RegisterForDispose(reader);
        return reader;
    }

    // Reads no further than the first newline (or maxLineBytes): for a key that only the envelope header holds.
    public async Task<ReadOnlyMemory<byte>> ReadFirstLineAsync(int maxLineBytes, CancellationToken ct)
    {
        int end;
        while ((end = _buffer.AsSpan(0, _length).IndexOf((byte)'\n')) < 0 && !_ended)
        {
            if (_length >= maxLineBytes)
            {
                throw new EventValidationException("(envelope)", $"The envelope header is longer than {maxLineBytes} bytes.");
            }
            await ReadChunkAsync(Math.Min(ChunkSize, maxLineBytes - _length + 1), ct);
        }
        return _buffer.AsMemory(0, end < 0 ? _length : end);
    }

    // The body's bytes that arrived after the first line now count against the key's project.
    public void ChargeTo(Guid projectId) => _lease.MoveTo(projectId);

    public async Task<ReadOnlyMemory<byte>> ReadToEndAsync(CancellationToken ct)
    {
        while (!_ended)
        {
            await ReadChunkAsync(ChunkSize, ct);
        }
        return _buffer.AsMemory(0, _length);
    }

    private async Task ReadChunkAsync(int size, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var read = await _body.ReadAsync(chunk.AsMemory(0, size), ct);
            if (read == 0)
            {
                _ended = true;
                return;
            }
            if (_length + read > _maxBytes)
            {
                throw new PayloadTooLargeException(_maxBytes);
            }
            if (_length + read > _buffer.Length)
            {
                Grow(_length + read);
            }
            chunk.AsSpan(0, read).CopyTo(_buffer.AsSpan(_length));
            _length += read;
        }
        catch (InvalidDataException)
        {
            throw new EventValidationException("(body)", $"The body is not valid {_encoding} data.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException(_maxBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    // Buffers come from the shared pool: a flood of 1 MiB bodies would otherwise fill the large object heap
    // with garbage faster than the collector returns it, and the process's memory with it.
    private void Grow(int needed)
    {
        var capacity = (int)Math.Min(Math.Max(_maxBytes, InitialCapacity), Math.Max(InitialCapacity, Math.Max(needed, 2L * _buffer.Length)));
        _lease.Grow(capacity - _buffer.Length);
        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ReturnBuffer();
        _buffer = larger;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public void Dispose()
    {
        ReturnBuffer();
        _lease.Dispose();
        if (_decompressing)
        {
            _body.Dispose();
        }
    }
}
