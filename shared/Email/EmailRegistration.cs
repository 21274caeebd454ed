using EntryExit.Core.Reports;
using EntryExit.Email.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.Email;

public static class EmailRegistration
{
    /// <summary>The <see cref="IEmailSender"/> that <c>Email:Provider</c> names.</summary>
    public static IServiceCollection AddEntryExitEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        var provider = configuration[$"{EmailOptions.Section}:Provider"] ?? "smtp";
        switch (provider)
        {
            case "smtp":
                services.AddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Email:Provider '{provider}' is not known; use smtp.");
        }

        return services;
    }
}
