using EntryExit.Core.Reports;
using EntryExit.Email.Acs;
using EntryExit.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EntryExit.Email;

public static class EmailRegistration
{
    /// <summary>
    /// The <see cref="IEmailSender"/> that <c>Email:Provider</c> names: <c>smtp</c> (MailKit) or <c>acs</c> (Azure
    /// Communication Services Email, authenticated as the managed identity <c>Email:Acs:ClientId</c>, or with the
    /// default credential chain when that is empty).
    /// </summary>
    public static IServiceCollection AddEntryExitEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        var provider = configuration[$"{EmailOptions.Section}:Provider"] ?? SmtpEmailSender.Provider;
        switch (provider)
        {
            case SmtpEmailSender.Provider:
                services.AddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            case AcsEmailSender.Provider:
                services.TryAddSingleton(TimeProvider.System);
                services.AddSingleton<IEmailSender>(sp =>
                {
                    var clientId = configuration[$"{EmailOptions.Section}:{nameof(EmailOptions.Acs)}:{nameof(AcsOptions.ClientId)}"];
                    return ActivatorUtilities.CreateInstance<AcsEmailSender>(sp, AzureCredentials.For(clientId));
                });
                break;
            default:
                throw new InvalidOperationException($"Email:Provider '{provider}' is not known; use smtp or acs.");
        }

        return services;
    }
}
