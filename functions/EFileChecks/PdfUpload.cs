using EntryExit.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace EntryExit.Functions.EFileChecks;

/// <summary>Reads an uploaded PDF body, at most <c>maxBytes</c>: a larger one is a 413 before or as soon as it is seen.</summary>
internal static class PdfUpload
{
    public static async Task<Result<ReadOnlyMemory<byte>>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return ApiProblems.PdfTooLarge();
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[81920];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > maxBytes)
            {
                return ApiProblems.PdfTooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? ApiProblems.NotAPdf() : new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
