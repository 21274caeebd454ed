using EntryExit.Core.Documents;

namespace EntryExit.Core.Issuances;

/// <summary>One passport issued to the person (护照签发记录).</summary>
public sealed record Issuance(string PassportNumber, DateOnly IssuedOn, DateOnly ExpiresOn, string IssuingAuthority, DocumentStatus Status);
