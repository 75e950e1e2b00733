using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;

namespace Sluice.Server.Hosting;

/// <summary>
/// Renews this server's lease (<see cref="IServerLeases"/>) at start and every <see cref="ServerConfig.HeartbeatInterval"/>,
/// on the injected <see cref="TimeProvider"/>. A clean stop ends the lease (<see cref="ReleaseAsync"/>) so another
/// server resumes the interrupted runs at once; a killed server's lease simply runs out.
/// </summary>
internal sealed class ServerHeartbeat(ServerConfig config, ServerStorage storage, ServerIdentity identity, TimeProvider time, ILogger<ServerHeartbeat> logger)
    : BackgroundService
{
    private volatile bool suspended;

    /// <summary>Stops renewing without ending the lease: to other servers this one dies once the lease runs out (tests simulate a crash with it).</summary>
    public void Suspend() => suspended = true;

    public Task BeatAsync(CancellationToken cancellationToken) =>
        suspended ? Task.CompletedTask : storage.Leases.BeatAsync(identity.Owner, identity.BaseUrl, time.GetUtcNow(), cancellationToken);

    /// <summary>Ends the lease at once; called after the server stopped its work.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (suspended)
        {
            return;
        }

        suspended = true;
        await storage.Leases.ReleaseAsync(identity.Owner, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                await Task.Delay(config.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the heartbeat; the lease outlives a few missed beats.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "renewing the server lease failed; retrying");
                await Task.Delay(config.HeartbeatInterval, time, CancellationToken.None);
            }
        }
    }
}
