namespace EntryExit.Core.Identity;

public enum Sex
{
    Male,
    Female,
}

public static class SexNames
{
    public static string Code(this Sex sex) => sex == Sex.Male ? "M" : "F";

    public static string ChineseName(this Sex sex) => sex == Sex.Male ? "男" : "女";

    public static bool TryParseCode(string? code, out Sex sex)
    {
        sex = code switch { "M" => Sex.Male, _ => Sex.Female };
        return code is "M" or "F";
    }
}
