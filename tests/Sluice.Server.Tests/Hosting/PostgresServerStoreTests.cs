using Sluice.Engine.Storage;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Hosting;

/// <summary>The server store contract on a fresh PostgreSQL database per test; a second storage is a second server's connections.</summary>
public sealed class PostgresServerStoreTests : ServerStoreContract
{
    private PostgresTestDatabase? database;

    private protected override async Task<RunStoreLocation?> DatabaseAsync()
    {
        database ??= await PostgresTestDatabase.CreateAsync();
        return new RunStoreLocation(RunStoreKind.Postgres, database.ConnectionString, database.Name);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
