using Microsoft.AspNetCore.Http;
using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;
using Sluice.Server.Auth;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>The server services the dashboard reads and steers through (the same ones the API uses), in one bundle for its handlers.</summary>
internal sealed record DashboardServices(
    IRunStore Runs,
    IRunQueue Queue,
    QueueCommands Commands,
    IDeploymentStore Deployments,
    IDeploymentCommands DeploymentCommands,
    CommitMessages Messages,
    ServerConfig Config,
    MirrorStore Mirrors,
    DashboardAuth Auth,
    TimeProvider Time)
{
    public PageContext Context(HttpContext http) => new(Auth.Current(http), Auth.AntiForgery(http), Time.GetUtcNow());
}
