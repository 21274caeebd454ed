using EntryExit.Core.Problems;
using EntryExit.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Functions.EFileChecks;

/// <summary>
/// Reads an uploaded PDF body, at most <c>maxBytes</c>: a larger one is a 413 before (its Content-Length) or as soon
/// as the byte past the cap arrives. The buffer grows with the bytes that came, never to what the sender declared, so
/// a slow sender that announces 20 MB holds only what it actually sent.
/// </summary>
internal static class PdfUpload
{
    private const int InitialBytes = 64 * 1024;

    public static async Task<Result<ReadOnlyMemory<byte>>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var tooLarge = ApiProblems.PayloadTooLarge("上传的文件不能超过 20 MB。");
        if (request.ContentLength > maxBytes)
        {
            return tooLarge;
        }

        var body = new CappedStream(request.Body, maxBytes);
        var buffer = new byte[Math.Min(InitialBytes, maxBytes + 1)];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Doubling up to one byte past the cap: enough to see that a body is too large, never more.
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (PayloadTooLargeException)
        {
            return tooLarge;
        }

        return length == 0 ? ApiProblems.NotAPdf() : new ReadOnlyMemory<byte>(buffer, 0, length);
    }
}
