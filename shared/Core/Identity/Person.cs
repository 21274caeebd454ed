namespace EntryExit.Core.Identity;

/// <summary>The population record of one person.</summary>
public sealed record Person(ResidentIdNumber IdNumber, PersonName Name, Sex Sex, DateOnly BirthDate, Residency Residency)
{
    /// <summary>The Latin-script name as in the person's passport (upper case), when the population record has it.</summary>
    public LatinName? NameLatin { get; init; }
}
