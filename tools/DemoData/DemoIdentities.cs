namespace EntryExit.DemoData;

/// <summary>A well-known person of the demo population: fixed name and ID number, whatever the seed or today.</summary>
/// <param name="Role">A short code: commuter, separator-name, no-crossings, hong-kong-resident, non-bmp-name, no-photo.</param>
/// <param name="Description">What the person is good for in a demo, in one line.</param>
public sealed record DemoIdentity(string Role, string Name, string IdNumber, string Sex, DateOnly BirthDate, string Description)
{
    /// <summary>The passport spelling (SPEC §5.1 <c>nameLatin</c>), where the population record has one.</summary>
    public string? NameLatin { get; init; }
}

/// <summary>
/// The demo people that tests, benchmarks and <c>./dev up</c> can rely on. Their ID numbers are valid GB 11643-1999
/// numbers (the tests check them with <c>ResidentIdNumber.TryParse</c>); two of them end in X.
/// </summary>
public static class DemoIdentities
{
    /// <summary>Shenzhen–Hong Kong commuter: ≥ 7,300 crossings in the last ten years, several permit numbers.</summary>
    public const string CommuterName = "陈志明";
    public const string CommuterIdNumber = "44030419850612137X";

    /// <summary>A name with the separator · (U+00B7); a passport and a permit, a few trips.</summary>
    public const string SeparatorName = "买买提·艾力";
    public const string SeparatorIdNumber = "650102199003150515";

    /// <summary>Holds a valid passport that was never used: no crossings at all.</summary>
    public const string NoCrossingsName = "王秀英";
    public const string NoCrossingsIdNumber = "11010519620808024X";

    /// <summary>A Hong Kong resident (residence-permit number 810000…): not served online, counter_required.</summary>
    public const string HongKongResidentName = "黄嘉欣";
    public const string HongKongResidentIdNumber = "810000198805200462";

    /// <summary>A name with a character outside the BMP (𠮷, U+20BB7).</summary>
    public const string NonBmpName = "吴𠮷祥";
    public const string NonBmpIdNumber = "310115199502030685";

    /// <summary>Has no reference photo on file: name + number match, then counter_required (no face to match).</summary>
    public const string NoPhotoName = "赵丽华";
    public const string NoPhotoIdNumber = "320102197809210462";

    public static readonly DemoIdentity Commuter = new(
        "commuter", CommuterName, CommuterIdNumber, "M", new DateOnly(1985, 6, 12),
        "Shenzhen–Hong Kong commuter, 7,300+ crossings in ten years at 福田/罗湖/深圳湾, permit renewed every few years")
    {
        NameLatin = "CHEN ZHIMING",
    };

    public static readonly DemoIdentity Separator = new(
        "separator-name", SeparatorName, SeparatorIdNumber, "M", new DateOnly(1990, 3, 15),
        "name with the separator ·; passport and Hong Kong/Macau permit, a few trips")
    {
        NameLatin = "MAIMAITI AILI",
    };

    public static readonly DemoIdentity NoCrossings = new(
        "no-crossings", NoCrossingsName, NoCrossingsIdNumber, "F", new DateOnly(1962, 8, 8),
        "valid passport, never crossed: the empty e-file")
    {
        NameLatin = "WANG XIUYING",
    };

    public static readonly DemoIdentity HongKongResident = new(
        "hong-kong-resident", HongKongResidentName, HongKongResidentIdNumber, "F", new DateOnly(1988, 5, 20),
        "Hong Kong resident: the counter_required answer");

    public static readonly DemoIdentity NonBmp = new(
        "non-bmp-name", NonBmpName, NonBmpIdNumber, "F", new DateOnly(1995, 2, 3),
        "name with 𠮷 (outside the BMP); passport, flights from 浦东")
    {
        NameLatin = "WU JIXIANG",
    };

    public static readonly DemoIdentity NoPhoto = new(
        "no-photo", NoPhotoName, NoPhotoIdNumber, "F", new DateOnly(1978, 9, 21),
        "no reference photo on file: no photo → counter (counter_required after the name check)");

    /// <summary>All of them, the commuter first.</summary>
    public static IReadOnlyList<DemoIdentity> All { get; } = [Commuter, Separator, NoCrossings, HongKongResident, NonBmp, NoPhoto];

    /// <summary>Whether the demo person has a reference photo (<see cref="SyntheticFaces.Png"/> of their number).</summary>
    public static bool HasPhoto(string idNumber) => idNumber != NoPhotoIdNumber;
}
