namespace EntryExit.Core.Identity;

/// <summary>The population record of one person.</summary>
public sealed record Person(ResidentIdNumber IdNumber, PersonName Name, Sex Sex, DateOnly BirthDate, Residency Residency);
