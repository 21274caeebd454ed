using EntryExit.Core.Identity;

namespace EntryExit.Core.Security;

/// <summary>Turns a resident ID number into its <see cref="PersonKey"/>: the keyed hashes that stand in for personal data in keys.</summary>
public interface IPersonKeys
{
    PersonKey KeyOf(ResidentIdNumber idNumber);

    /// <summary>A keyed hash of a client address (an IPv6 client by its /64), so failure counters per address hold no address.</summary>
    string KeyOf(ClientAddress client);

    /// <summary>A keyed hash of a document number, for the index that finds a document's owner.</summary>
    string KeyOfDocument(string documentNumber);

    /// <summary>A keyed hash of a request body, to tell a retry from another request without keeping the body (it may hold a password).</summary>
    string KeyOfRequest(string canonicalRequest);
}
