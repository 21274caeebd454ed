namespace EntryExit.TestSupport;

/// <summary>A stream that will not say its length, so HttpClient sends it chunked.</summary>
public sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
