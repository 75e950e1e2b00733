using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Agents;
using Sluice.Engine.Runs;
using Sluice.Server.Config;
using Sluice.Server.Hosting;

namespace Sluice.Server.Agents;

/// <summary>
/// The server's own capacity in agent mode (<see cref="AgentSettings.LocalCapacity"/> above 0): an <see cref="AgentWorker"/>
/// in-process that claims from the same queue over the same HTTP protocol as a remote agent, with a token issued at
/// start-up. On shutdown its running jobs are stopped; their leases expire and the jobs are re-queued.
/// </summary>
internal sealed class LocalWorker(ServerConfig config, AgentSettings settings, AgentTokens tokens, ServerIdentity identity, TimeProvider time, ILogger<LocalWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.LocalCapacity < 1)
        {
            return;
        }

        // The address is known once Kestrel listens.
        while (identity.BaseUrl is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken);
        }

        var name = "server-" + Environment.MachineName;
        using var client = new AgentClient(new Uri(identity.BaseUrl.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), tokens.Issue(name));
        var options = new AgentOptions(name, settings.Labels, settings.LocalCapacity, Once: false, Path.Combine(config.DataDir, "agent"),
            AgentOptions.DefaultClaimWait, RunOptions.DefaultKillGrace);
        await new AgentWorker(client, options, time, m => logger.LogInformation("local worker: {Message}", m)).RunAsync(stoppingToken, stoppingToken);
    }
}
