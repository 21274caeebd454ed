using System.Security.Cryptography;
using EntryExit.Core.Identity;
using EntryExit.Core.Security;

namespace EntryExit.Core.Tests.Identity;

public sealed class ProtectionTests
{
    private readonly AesGcmProtector _protector = new(TestOptions.Security());

    [Fact]
    public void Protected_values_round_trip_and_hide_the_plaintext()
    {
        var text = _protector.Protect("买买提·艾力", "pk1");
        text.Should().NotContain("买买提");
        _protector.Unprotect(text, "pk1").Should().Be("买买提·艾力");
    }

    [Fact]
    public void A_value_moved_to_another_person_does_not_decrypt()
    {
        var text = _protector.Protect("张三", "pk1");
        FluentActions.Invoking(() => _protector.Unprotect(text, "pk2")).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void Person_keys_are_keyed_hashes_not_the_number()
    {
        ResidentIdNumber.TryParse("11010519491231002X", new DateOnly(2026, 1, 1), out var id).Should().BeTrue();
        var key = new HmacPersonKeys(TestOptions.Security()).KeyOf(id);
        key.Value.Should().HaveLength(64).And.NotContain("19491231");
        new HmacPersonKeys(TestOptions.Security()).KeyOf(id).Should().Be(key);
    }
}
