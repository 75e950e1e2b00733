using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>The run history and the deployment store of one database, open for one command.</summary>
/// <param name="Where">The database, for messages (a PostgreSQL password is redacted).</param>
internal sealed record DeploymentStores(IRunStore Runs, IDeploymentStore Deployments, string Where) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Deployments.DisposeAsync();
        await Runs.DisposeAsync();
    }
}
