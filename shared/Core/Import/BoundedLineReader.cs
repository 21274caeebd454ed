namespace EntryExit.Core.Import;

/// <summary>One line read by <see cref="BoundedLineReader"/>: its UTF-8 bytes (without the newline), or too long.</summary>
/// <param name="Bytes">Valid until the next read.</param>
public readonly record struct BoundedLine(ReadOnlyMemory<byte> Bytes, bool TooLong);

/// <summary>
/// Reads UTF-8 lines from a stream holding at most one line of <c>maxLineBytes</c> (plus one read buffer) in memory: a
/// longer line is skipped to its end and reported as too long, so one huge line can neither exhaust memory nor stop
/// the lines after it.
/// </summary>
public sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private byte[] _line = new byte[4096];
    private int _lineLength;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _first = true;

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<BoundedLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_endOfStream)
                {
                    break;
                }

                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    _endOfStream = true;
                    break;
                }
            }

            any = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var part = newline < 0 ? available : available[..newline];
            if (!tooLong)
            {
                if (_lineLength + part.Length > maxLineBytes + 1)
                {
                    tooLong = true;
                }
                else
                {
                    Append(part);
                }
            }

            if (newline >= 0)
            {
                _start += newline + 1;
                return Finish(tooLong);
            }

            _start = _end;
        }

        return any ? Finish(tooLong) : null;
    }

    private BoundedLine Finish(bool tooLong)
    {
        var line = _line.AsMemory(0, _lineLength);
        if (_first)
        {
            _first = false;
            if (line.Span.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        if (line.Span.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        // One byte of slack above was for the \r of a CRLF line exactly at the limit.
        return tooLong || line.Length > maxLineBytes ? new BoundedLine(ReadOnlyMemory<byte>.Empty, TooLong: true) : new BoundedLine(line, TooLong: false);
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_lineLength + part.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_lineLength + part.Length, Math.Min(_line.Length * 2, maxLineBytes + 1)));
        }

        part.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += part.Length;
    }
}
