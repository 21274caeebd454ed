using EntryExit.Core.Reports;
using EntryExit.Core.Security;

namespace EntryExit.Core.Tests.Settings;

public sealed class OptionsValidatorTests
{
    private static readonly Func<string, string?> Development = _ => null;
    private static readonly Func<string, string?> Azure = name => name == "WEBSITE_SITE_NAME" ? "func-api-x1" : null;

    [Theory]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("https://api.example.gov.cn")]
    public void In_development_any_absolute_http_or_https_public_url_will_do(string url) =>
        new ReportsOptionsValidator(Development).Validate(null, new ReportsOptions { PublicBaseUrl = url }).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("http://api.example.gov.cn")]
    [InlineData("https://localhost:7071")]
    public void In_Azure_the_public_url_must_be_a_public_https_address(string url)
    {
        var result = new ReportsOptionsValidator(Azure).Validate(null, new ReportsOptions { PublicBaseUrl = url });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Reports:PublicBaseUrl").And.Contain("https").And.Contain(url);
    }

    [Fact]
    public void In_Azure_an_https_public_url_is_accepted() =>
        new ReportsOptionsValidator(Azure).Validate(null, new ReportsOptions { PublicBaseUrl = "https://func-api-x1.azurewebsites.net" }).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData("api.example.gov.cn")]
    [InlineData("ftp://api.example.gov.cn")]
    [InlineData("")]
    public void Anywhere_a_public_url_that_is_not_an_absolute_http_url_is_refused(string url)
    {
        new ReportsOptionsValidator(Development).Validate(null, new ReportsOptions { PublicBaseUrl = url }).FailureMessage.Should().Contain("Reports:PublicBaseUrl");
        new ReportsOptionsValidator(Azure).Validate(null, new ReportsOptions { PublicBaseUrl = url }).Failed.Should().BeTrue();
    }

    [Theory]
    [InlineData("WEBSITE_SITE_NAME", true)]
    [InlineData("WEBSITE_INSTANCE_ID", true)]
    [InlineData("WEBSITE_SKU", true)]
    [InlineData("CONTAINER_NAME", false)]
    public void Azure_is_told_by_the_App_Service_variables_not_by_a_container_name(string variable, bool azure) =>
        Hosting.AzureHosting.IsAppService(name => name == variable ? "set" : null).Should().Be(azure);

    [Fact]
    public void The_longest_retry_delay_is_not_below_the_first() =>
        new ReportsOptionsValidator(Development).Validate(null, new ReportsOptions { RetryDelaySeconds = 60, MaxRetryDelaySeconds = 30 })
            .FailureMessage.Should().Contain("Reports:MaxRetryDelaySeconds");

    [Fact]
    public void Security_keys_that_are_not_base64_of_32_bytes_are_named()
    {
        var options = new SecurityOptions
        {
            PersonKeySecret = Convert.ToBase64String(new byte[32]),
            DataProtectionKey = "not base64!",
            TokenSigningKey = Convert.ToBase64String(new byte[16]),
        };
        options.RetiredTokenKeys["k0"] = Convert.ToBase64String(new byte[8]);

        var result = new SecurityOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(3);
        result.FailureMessage.Should().Contain("Security:DataProtectionKey").And.Contain("Security:TokenSigningKey").And.Contain("Security:RetiredTokenKeys:k0")
            .And.NotContain("PersonKeySecret");
    }

    [Fact]
    public void Valid_security_keys_pass() =>
        new SecurityOptionsValidator().Validate(null, new SecurityOptions
        {
            PersonKeySecret = Convert.ToBase64String(new byte[32]),
            DataProtectionKey = Convert.ToBase64String(new byte[32]),
            TokenSigningKey = Convert.ToBase64String(new byte[48]),
        }).Succeeded.Should().BeTrue();
}
