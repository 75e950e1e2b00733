using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Server.Agents;
using Sluice.Server.Api;
using Sluice.Server.Config;
using Sluice.Server.Dashboard;
using Sluice.Server.Inbox;
using Sluice.Server.Metrics;
using Sluice.Server.Queue;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Hosting;

/// <summary>
/// Builds and starts the server: storage (migrated), services by feature, endpoints, API token hashes; Kestrel on
/// <see cref="ServerConfig.Listen"/>. Returns once it listens; <see cref="RunningServer.Address"/> is the bound address
/// (useful with port 0).
/// </summary>
internal static class SluiceServer
{
    public static async Task<RunningServer> StartAsync(ServerConfig config, ServerOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(config.DataDir);
        var storage = await ServerStorage.OpenAsync(config, options.Time, cancellationToken);
        // The server's settings come from its own config, never appsettings.json; without this the host watches the data
        // directory for it, and every SQLite and blob write there woke a file-watcher thread (measured: 1.5% of the CPU
        // of a dispatch benchmark).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = config.DataDir,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.UseUrls(config.Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = WebhookEndpoints.MaxBodyBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services
            .AddSluiceStorage(config, storage, options.Time)
            .AddWebhooks()
            .AddRunQueue()
            .AddGitHubReporting(options.GitHubRetryDelay)
            .AddSchedules()
            .AddSluiceApi()
            .AddScaleOut()
            .AddSluiceMetrics()
            .AddAgents(config, storage);

        var app = builder.Build();
        app.MapWebhooks();
        app.MapStartApi();
        app.MapReadApi();
        app.MapDeploymentApi();
        app.MapDashboard();
        app.MapMetrics();
        if (config.Agents is not null)
        {
            app.MapAgentApi();
        }

        app.MapGet("/health", async (IInbox inbox, IRunQueue queue, CancellationToken ct) =>
            Results.Json(new { status = "ok", inboxPending = await inbox.CountAsync(InboxState.Pending, ct), queued = await queue.CountAsync(ct) }));

        await app.Services.GetRequiredService<ApiTokens>().StoreAsync(config.ApiTokens, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? config.Listen;
        var identity = app.Services.GetRequiredService<ServerIdentity>();
        identity.BaseUrl = address;
        return new RunningServer(app, storage, identity, address);
    }
}
