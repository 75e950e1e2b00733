using Sluice.Engine.Deployments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Storage;
using Sluice.Server.Agents;
using Sluice.Server.Api;
using Sluice.Server.ChatOps;
using Sluice.Server.Config;
using Sluice.Server.GitHub;
using Sluice.Server.Inbox;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;
using Sluice.Server.Schedules;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Hosting;

/// <summary>The server's services by feature; <see cref="SluiceServer"/> calls each once.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddSluiceStorage(this IServiceCollection services, ServerConfig config, ServerStorage storage, TimeProvider time) => services
        .AddSingleton(config)
        .AddSingleton(time)
        .AddSingleton(storage)
        .AddSingleton(storage.Runs)
        .AddSingleton(storage.Inbox)
        .AddSingleton(storage.Queue)
        .AddSingleton(storage.Schedules)
        .AddSingleton(storage.ApiTokens)
        .AddSingleton(storage.Comments)
        .AddSingleton(storage.Deployments)
        .AddSingleton<IDeploymentCommands>(new DeploymentCommands(storage.Deployments, time))
        .AddSingleton<ServerIdentity>()
        .AddSingleton(new MirrorStore(config.DataDir));

    public static IServiceCollection AddWebhooks(this IServiceCollection services) => services
        .AddSingleton<InboxSignal>()
        .AddSingleton<EventPlanning>()
        .AddSingleton<ChatOpsHandler>()
        .AddSingleton<DeliveryHandler>()
        .AddHostedService<InboxProcessor>();

    public static IServiceCollection AddRunQueue(this IServiceCollection services) => services
        .AddSingleton<QueueSignal>()
        .AddSingleton<RunCancellations>()
        .AddSingleton<QueueCommands>()
        .AddSingleton<RunPreparation>()
        .AddSingleton<QueuedRunExecutor>()
        .AddHostedService<RunDispatcher>();

    public static IServiceCollection AddGitHubReporting(this IServiceCollection services, TimeSpan? retryDelay) => services
        .AddSingleton(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) })
        .AddSingleton(sp => new GitHubClient(sp.GetRequiredService<HttpClient>(), sp.GetRequiredService<ServerConfig>().GitHubApiUrl,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<GitHubClient>(), retryDelay));

    public static IServiceCollection AddSchedules(this IServiceCollection services) => services
        .AddSingleton<ScheduleService>()
        .AddHostedService(sp => sp.GetRequiredService<ScheduleService>());

    /// <summary>Agent mode (<see cref="ServerConfig.Agents"/>): the job queue, the agent API's services, the sweeper and the local worker.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, ServerConfig config, ServerStorage storage)
    {
        if (config.Agents is not { } agents)
        {
            return services;
        }

        return services
            .AddSingleton(agents)
            .AddSingleton(storage.Jobs)
            .AddSingleton(new AgentTokens(agents))
            .AddSingleton<Sluice.Engine.Dispatch.TicketSignals>()
            .AddSingleton<AgentRegistry>()
            .AddSingleton<JobLeases>()
            .AddSingleton<AgentClaims>()
            .AddHostedService<AgentSweeper>()
            .AddHostedService<LocalWorker>();
    }

    public static IServiceCollection AddSluiceApi(this IServiceCollection services) => services
        .AddSingleton<ApiTokens>()
        .AddSingleton<ApiTokenFilter>();
}
