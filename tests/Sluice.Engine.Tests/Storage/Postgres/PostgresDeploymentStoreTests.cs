using Sluice.Engine.Deployments;
using Sluice.Engine.Storage.Postgres;
using Sluice.Engine.Tests.Deployments;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>The deployment store contract on a fresh PostgreSQL database per test; each store opens its own connections, like a server.</summary>
public sealed class PostgresDeploymentStoreTests(PostgresDatabasePool pool) : DeploymentStoreContract, IClassFixture<PostgresDatabasePool>
{
    private readonly List<PostgresRunStore> stores = [];
    private PostgresTestDatabase? database;

    private protected override async Task<IDeploymentStore> OpenStoreAsync()
    {
        if (database is null)
        {
            database = await pool.TakeAsync();
            var first = new PostgresRunStore(database.ConnectionString, TimeProvider.System);
            await first.MigrateAsync(CancellationToken.None);
            stores.Add(first);
            return new PostgresDeploymentStore(first.Database);
        }

        var store = new PostgresRunStore(database.ConnectionString, TimeProvider.System);
        stores.Add(store);
        return new PostgresDeploymentStore(store.Database);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        if (database is not null)
        {
            pool.Release(database);
        }
    }
}
