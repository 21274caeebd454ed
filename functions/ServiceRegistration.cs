using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EntryExit.Functions;

/// <summary>The app's composition root: the Functions host and the development host both call this.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddEntryExit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
