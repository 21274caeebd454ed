namespace EntryExit.TestSupport.Fuzz;

/// <summary>
/// What the fuzzer knows about the stack it attacks: a genuine token of a person of its own (so its requests reach
/// the code behind authentication), the token key and key id (so it can forge well-signed tokens with hostile claims,
/// as anyone holding the sample development key could), the function key, and a PDF to truncate and scramble.
/// </summary>
public sealed record FuzzTarget(string AccessToken, byte[] TokenSigningKey, string TokenKeyId, string FunctionKey, byte[] SamplePdf);

/// <summary>One hostile request, described well enough to be replayed from a failure message.</summary>
public sealed record FuzzRequest(string Route, HttpMethod Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body, bool Chunked, string Shape)
{
    public override string ToString() =>
        $"{Method} {Path} [{Route}: {Shape}] content-type={ContentType ?? "none"} body={Body?.Length ?? 0} bytes{(Chunked ? " chunked" : "")}";
}
