using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace FiveHundreds.Ingest.Intake;

// Reads an intake body, decompressing it if the SDK compressed it, and stops at the size limit measured
// after decompression, so that a few kilobytes of gzip cannot expand into gigabytes in memory. The bytes are
// kept in chunks taken as they arrive (never sized from Content-Length, which a sender may set to the limit
// and then trickle), and every chunk is first taken from the intake's budget of bytes in flight. The body's
// bytes are in use until the request is answered (envelope items are slices of them). The whole body must
// arrive within a deadline, so that a sender trickling a byte a second cannot hold its bytes for long.
//
// Chunks stay below the large object heap's threshold: a buffer doubled as the body grew passed through
// every size up to the limit, and in a flood of large bodies those large buffers were garbage that only a
// full collection returns (the ingest's peak memory in eng/benchmark-intake-bounds.sh). Only a body larger
// than its first chunk is copied, once, into one buffer of its final size when it has ended.
public sealed class RequestBodyReader : IDisposable
{
    // Most events are a few kilobytes: the first chunk is small, so that many requests can be in flight.
    private const int FirstChunkSize = 16 * 1024;
    private const int ChunkSize = 64 * 1024;

    private readonly Stream _body;
    private readonly string _encoding;
    private readonly int _maxBytes;
    private readonly BodyLease _lease;
    private readonly bool _decompressing;
    private readonly TimeSpan _maxReadTime;
    // Cancels the reads when the request is aborted or the deadline passes.
    private readonly CancellationTokenSource _reading;
    private readonly CancellationToken _requestAborted;
    private readonly List<byte[]> _chunks = [];
    private int _lastChunkLength;
    private int _length;
    private bool _ended;
    private byte[]? _whole;

    private RequestBodyReader(Stream body, string encoding, int maxBytes, TimeSpan maxReadTime, BodyLease lease, CancellationToken requestAborted)
    {
        _body = body;
        _encoding = encoding;
        _maxBytes = maxBytes;
        _lease = lease;
        _decompressing = encoding is not ("" or "identity");
        _maxReadTime = maxReadTime;
        _requestAborted = requestAborted;
        _reading = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _reading.CancelAfter(maxReadTime);
    }

    // The reader and its lease live as long as the request: the body's bytes are in use until it is answered.
    public static RequestBodyReader Open(HttpRequest request, int maxBytes, TimeSpan maxReadTime, IntakeBudget budget, Guid projectId)
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
        var reader = new RequestBodyReader(body, encoding, maxBytes, maxReadTime, budget.Lease(projectId), request.HttpContext.RequestAborted);
        request.HttpContext.Response.RegisterForDispose(reader);
        return reader;
    }

    // Reads no further than the first newline (or maxLineBytes, at most the first chunk): for a key that only
    // the envelope header holds.
    public async Task<ReadOnlyMemory<byte>> ReadFirstLineAsync(int maxLineBytes)
    {
        maxLineBytes = Math.Min(maxLineBytes, FirstChunkSize - 1);
        int end;
        while ((end = FirstChunk.Span.IndexOf((byte)'\n')) < 0 && !_ended)
        {
            if (_length >= maxLineBytes)
            {
                throw new EventValidationException("(envelope)", $"The envelope header is longer than {maxLineBytes} bytes.");
            }
            await ReadChunkAsync();
        }
        return FirstChunk[..(end < 0 ? FirstChunk.Length : end)];
    }

    // The body's bytes that arrived after the first line now count against the key's project.
    public void ChargeTo(Guid projectId) => _lease.MoveTo(projectId);

    public async Task<ReadOnlyMemory<byte>> ReadToEndAsync()
    {
        while (!_ended)
        {
            await ReadChunkAsync();
        }
        if (_whole is null && _chunks.Count <= 1)
        {
            return FirstChunk;
        }
        _whole ??= _lease.Join(_chunks, _length);
        return _whole.AsMemory(0, _length);
    }

    private ReadOnlyMemory<byte> FirstChunk => _chunks.Count == 0 ? ReadOnlyMemory<byte>.Empty : _chunks[0].AsMemory(0, _chunks.Count == 1 ? _length : _chunks[0].Length);

    // Reads what has arrived into the last chunk, or into a new one when it is full.
    private async Task ReadChunkAsync()
    {
        try
        {
            if (_chunks.Count == 0 || _lastChunkLength == _chunks[^1].Length)
            {
                if (_length >= _maxBytes)
                {
                    // One byte more than the limit tells a body of exactly the limit from a longer one.
                    await ReadBeyondLimitAsync();
                    return;
                }
                _chunks.Add(_lease.Rent(_chunks.Count == 0 ? FirstChunkSize : ChunkSize));
                _lastChunkLength = 0;
            }
            var chunk = _chunks[^1];
            var read = await _body.ReadAsync(chunk.AsMemory(_lastChunkLength, Math.Min(chunk.Length - _lastChunkLength, _maxBytes - _length + 1)), _reading.Token);
            if (read == 0)
            {
                _ended = true;
                return;
            }
            _lastChunkLength += read;
            _length += read;
            if (_length > _maxBytes)
            {
                throw new PayloadTooLargeException(_maxBytes);
            }
        }
        catch (InvalidDataException)
        {
            throw new EventValidationException("(body)", $"The body is not valid {_encoding} data.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException(_maxBytes);
        }
        catch (OperationCanceledException) when (!_requestAborted.IsCancellationRequested)
        {
            // Given back at once rather than when the answer has been sent: the sender may still be trickling.
            ReturnChunks();
            throw new BodyReadTimeoutException(_maxReadTime);
        }
    }

    private async Task ReadBeyondLimitAsync()
    {
        var probe = new byte[1];
        if (await _body.ReadAsync(probe, _reading.Token) > 0)
        {
            throw new PayloadTooLargeException(_maxBytes);
        }
        _ended = true;
    }

    private void ReturnChunks()
    {
        foreach (var chunk in _chunks)
        {
            _lease.Return(chunk);
        }
        _chunks.Clear();
    }

    public void Dispose()
    {
        _reading.Dispose();
        ReturnChunks();
        if (_whole is not null)
        {
            _lease.Return(_whole);
            _whole = null;
        }
        _lease.Dispose();
        if (_decompressing)
        {
            _body.Dispose();
        }
    }
}
