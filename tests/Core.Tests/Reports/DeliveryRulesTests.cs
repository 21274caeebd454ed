using EntryExit.Core.Reports;

namespace EntryExit.Core.Tests.Reports;

public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData("a@example.org", true)]
    [InlineData("zhang.san+visa@mail.example.cn", true)]
    [InlineData("o'brien_{x}@example.ie", true)]
    [InlineData("张三@例子.中国", true)]
    [InlineData("𠮷祥@example.cn", true)]
    [InlineData("user@bücher.de", true)]
    [InlineData("user@xn--bcher-kva.de", true)]
    [InlineData("User@Example.ORG", true)]
    [InlineData("a@a-b.example", true)]
    [InlineData("a@example", false)]
    [InlineData("a@@example.org", false)]
    [InlineData("a@b@example.org", false)]
    [InlineData("a@example.org\r\nBcc: b@example.org", false)]
    [InlineData("Zhang <a@example.org>", false)]
    [InlineData("a@example.org, b@example.org", false)]
    [InlineData("\"a b\"@example.org", false)]
    [InlineData("a(comment)@example.org", false)]
    [InlineData("@example.org", false)]
    [InlineData("a@", false)]
    [InlineData(".a@example.org", false)]
    [InlineData("a.@example.org", false)]
    [InlineData("a..b@example.org", false)]
    [InlineData("a@[127.0.0.1]", false)]
    [InlineData("a@[IPv6:::1]", false)]
    [InlineData("a@127.0.0.1", false)]
    [InlineData("a@-b.c", false)]
    [InlineData("a@b-.c", false)]
    [InlineData("a@b.-c", false)]
    [InlineData("a@b..c", false)]
    [InlineData("a@.b.c", false)]
    [InlineData("a@b.c.", false)]
    [InlineData("a@b_c.org", false)]
    [InlineData("gpj.exe\u202E@example.org", false)]
    [InlineData("a@exa\u202Emple.org", false)]
    [InlineData("a\u200Bb@example.org", false)]
    [InlineData("a\u200Eb@example.org", false)]
    [InlineData("a\u2066b@example.org", false)]
    [InlineData("a\u0000b@example.org", false)]
    [InlineData("a\tb@example.org", false)]
    [InlineData("a b@example.org", false)]
    [InlineData("a\uD800b@example.org", false)]
    [InlineData("a@exam\uDC00ple.org", false)]
    [InlineData("a＠example.org", false)]
    [InlineData("a@ｅｘａｍｐｌｅ.org", false)]
    [InlineData("a@example.１２３", false)]
    [InlineData("a★@example.org", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void Email_addresses_are_what_a_mail_system_takes(string? email, bool valid) =>
        DeliveryRules.IsValidEmail(email).Should().Be(valid, "{0} is {1}", email, valid ? "an address" : "not one");

    public static TheoryData<string, bool> Lengths => new()
    {
        { new string('a', 64) + "@example.org", true },
        { new string('a', 65) + "@example.org", false },
        { new string('张', 21) + "@example.org", true },            // 63 octets of UTF-8
        { new string('张', 22) + "@example.org", false },           // 66 octets, though 22 characters
        { "a@" + new string('b', 63) + ".org", true },
        { "a@" + new string('b', 64) + ".org", false },
        { new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 61), 3)) + ".cn", true },   // 64 + 1 + 188
        { new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 61), 3)) + ".info", false }, // 255 octets
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Lengths_are_the_RFC_5321_octets(string email, bool valid) =>
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
