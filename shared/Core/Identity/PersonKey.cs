namespace EntryExit.Core.Identity;

/// <summary>
/// The keyed hash (HMAC) of a <see cref="ResidentIdNumber"/>: the only form of a person's identity that appears
/// in a table key, a queue message or a token.
/// </summary>
public readonly record struct PersonKey(string Value)
{
    public override string ToString() => Value;
}
