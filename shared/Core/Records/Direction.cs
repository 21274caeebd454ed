namespace EntryExit.Core.Records;

public enum Direction
{
    Exit,
    Entry,
}

public static class Directions
{
    public static string Code(this Direction direction) => direction == Direction.Exit ? "exit" : "entry";

    public static string ChineseName(this Direction direction) => direction == Direction.Exit ? "出境" : "入境";

    public static bool TryParse(string? code, out Direction direction)
    {
        direction = code == "exit" ? Direction.Exit : Direction.Entry;
        return code is "exit" or "entry";
    }
}
