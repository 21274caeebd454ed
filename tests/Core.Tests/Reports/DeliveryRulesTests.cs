using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.Reports;

public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData("a@example.org", true)]
    [InlineData("zhang.san+visa@mail.example.cn", true)]
    [InlineData("a@example", false)]
    [InlineData("a@@example.org", false)]
    [InlineData("a@example.org\r\nBcc: b@example.org", false)]
    [InlineData("Zhang <a@example.org>", false)]
    [InlineData("a@example.org, b@example.org", false)]
    [InlineData("@example.org", false)]
    [InlineData(null, false)]
    public void Email_addresses_are_plain_and_single(string? email, bool valid) =>
        DeliveryRules.IsValidEmail(email).Should().Be(valid);

    [Theory]
    [InlineData("abcd1234", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456", true)]
    [InlineData("abc1234", false)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567", false)]
    [InlineData("abcdefgh", false)]
    [InlineData("12345678", false)]
    [InlineData("abcd 1234", false)]
    [InlineData("密码abcd1234", false)]
    public void Passwords_are_8_to_32_letters_and_digits(string password, bool valid) =>
        DeliveryRules.IsStrongPassword(password).Should().Be(valid);
}
