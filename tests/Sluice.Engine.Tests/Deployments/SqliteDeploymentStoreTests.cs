using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>The deployment store contract on a real SQLite file.</summary>
public sealed class SqliteDeploymentStoreTests : DeploymentStoreContract
{
    private readonly TempDirectory temp = new();
    private bool migrated;

    private string DatabasePath => Path.Combine(temp.Path, "sluice.db");

    private protected override async Task<IDeploymentStore> OpenStoreAsync()
    {
        if (!migrated)
        {
            await using var runs = new SqliteRunStore(DatabasePath, TimeProvider.System);
            await runs.MigrateAsync(CancellationToken.None);
            migrated = true;
        }

        return new SqliteDeploymentStore(DatabasePath);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        temp.Dispose();
    }
}
