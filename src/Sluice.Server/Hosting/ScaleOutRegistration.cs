using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Hosting;

/// <summary>
/// Services that let several servers share one database: the heartbeat lease, the recovery of dead servers' work,
/// and (on PostgreSQL) LISTEN/NOTIFY wake-ups. Registered after the webhooks and the run queue (it uses their signals).
/// </summary>
internal static class ScaleOutRegistration
{
    public static IServiceCollection AddScaleOut(this IServiceCollection services) => services
        .AddSingleton(sp => sp.GetRequiredService<ServerStorage>().Leases)
        .AddSingleton<ServerLiveness>()
        .AddSingleton<ServerHeartbeat>()
        .AddHostedService(sp => sp.GetRequiredService<ServerHeartbeat>())
        .AddSingleton<ServerRecovery>()
        .AddHostedService(sp => sp.GetRequiredService<ServerRecovery>())
        .AddHostedService<PostgresWakeUps>();
}
