using EntryExit.Core.Reports;
using EntryExit.Email.Acs;
using EntryExit.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryExit.Email.Tests;

public sealed class EmailRegistrationTests
{
    [Fact]
    public void Smtp_is_the_default()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Email:SenderAddress"] = Samples.Sender });
        provider.GetRequiredService<IEmailSender>().Should().BeOfType<SmtpEmailSender>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    public void Acs_is_chosen_by_provider_and_bound_from_the_email_acs_section(string clientId)
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Email:Provider"] = "acs",
            ["Email:SenderAddress"] = Samples.Sender,
            ["Email:Acs:Endpoint"] = "https://my-acs.communication.azure.com",
            ["Email:Acs:ClientId"] = clientId,
            ["Email:Acs:PollingTimeout"] = "00:01:30",
        });

        provider.GetRequiredService<IEmailSender>().Should().BeOfType<AcsEmailSender>();
        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value.Acs;
        options.Endpoint.Should().Be(new Uri("https://my-acs.communication.azure.com"));
        options.ClientId.Should().Be(clientId);
        options.PollingTimeout.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Acs_without_an_endpoint_says_which_setting_is_missing()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Email:Provider"] = "acs", ["Email:SenderAddress"] = Samples.Sender });
        var resolve = () => provider.GetRequiredService<IEmailSender>();
        resolve.Should().Throw<InvalidOperationException>().WithMessage("*Email:Acs:Endpoint*");
    }

    [Fact]
    public void An_unknown_provider_is_refused_at_registration()
    {
        var build = () => Build(new Dictionary<string, string?> { ["Email:Provider"] = "sendgrid" });
        build.Should().Throw<InvalidOperationException>().WithMessage("*sendgrid*smtp or acs*");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEntryExitEmail(configuration).BuildServiceProvider();
    }
}
