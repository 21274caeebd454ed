namespace EntryExit.Functions.Http;

/// <summary>
/// A request body read through a count: the read that takes it past <c>cap</c> bytes throws
/// <see cref="PayloadTooLargeException"/>, whether the body is chunked or says its length (which is never trusted).
/// </summary>
internal sealed class CappedStream(Stream inner, long cap) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        return BytesRead > cap ? throw new PayloadTooLargeException(cap) : read;
    }
}

/// <summary>A request body passed its cap; answered 413 <c>payload_too_large</c>.</summary>
internal sealed class PayloadTooLargeException(long cap) : IOException($"The request body is larger than {cap} bytes.");
