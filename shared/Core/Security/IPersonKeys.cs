using EntryExit.Core.Identity;

namespace EntryExit.Core.Security;

/// <summary>Turns a resident ID number into its <see cref="PersonKey"/>.</summary>
public interface IPersonKeys
{
    PersonKey KeyOf(ResidentIdNumber idNumber);
}
