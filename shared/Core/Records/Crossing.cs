namespace EntryExit.Core.Records;

/// <summary>One border crossing of a person, as recorded at a checkpoint.</summary>
/// <param name="FlightNumber">Flight or vehicle number; empty when the checkpoint recorded none.</param>
public sealed record Crossing(
    Direction Direction,
    DateTimeOffset At,
    DocumentKind DocumentKind,
    string DocumentNumber,
    string Port,
    string FlightNumber);
