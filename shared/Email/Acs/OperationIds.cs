using System.Security.Cryptography;
using System.Text;

namespace EntryExit.Email.Acs;

/// <summary>
/// The <c>Operation-Id</c> of a send: a name-based UUID (RFC 9562 version 5, SHA-1) of the message id, so every retry
/// of the same report sends the same id and the service can recognise a repeat.
/// </summary>
public static class OperationIds
{
    /// <summary>This app's namespace: UUIDv5(URL namespace, <c>urn:entry-exit:acs-email:operation-id</c>).</summary>
    public static readonly Guid Namespace = new("44d26ae2-ad41-5a8a-a524-d59e21743aae");

    /// <summary>The operation id for a message id, e.g. <c>E261126916913@entry-exit</c>.</summary>
    public static Guid FromMessageId(string messageId) => NameBased(Namespace, messageId);

    /// <summary>UUID version 5 of <paramref name="name"/> (UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid NameBased(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

#pragma warning disable CA5350 // SHA-1 is what UUID version 5 is defined with; nothing here is a security boundary.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
