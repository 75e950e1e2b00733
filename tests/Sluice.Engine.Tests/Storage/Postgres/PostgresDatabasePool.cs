namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>
/// Fresh databases for the tests of one class (an xunit class fixture). Creating a database is the slow part of a
/// PostgreSQL test (a copy of the template and two checkpoints), so the next one is created while the current test
/// runs, and used ones are dropped in the background. When the class is done, the spare and every used database are
/// dropped before the fixture's disposal completes, so nothing is left on the cluster.
/// </summary>
public sealed class PostgresDatabasePool : IAsyncLifetime
{
    private readonly Lock gate = new();
    private readonly List<Task> drops = [];
    private Task<PostgresTestDatabase>? next;

    /// <summary>An empty database of its own; give it back with <see cref="Release"/>.</summary>
    internal async Task<PostgresTestDatabase> TakeAsync()
    {
        Task<PostgresTestDatabase> taken;
        lock (gate)
        {
            taken = next ?? PostgresTestDatabase.CreateAsync();
            next = PostgresTestDatabase.CreateAsync();
        }

        return await taken;
    }

    /// <summary>Drops the database in the background; <see cref="DisposeAsync"/> waits for it.</summary>
    internal void Release(PostgresTestDatabase database)
    {
        lock (gate)
        {
            drops.Add(database.DisposeAsync().AsTask());
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        List<Task> pending;
        lock (gate)
        {
            pending = [.. drops];
            if (next is { } spare)
            {
                pending.Add(DropSpareAsync(spare));
            }

            next = null;
        }

        await Task.WhenAll(pending);
    }

    private static async Task DropSpareAsync(Task<PostgresTestDatabase> spare)
    {
        PostgresTestDatabase database;
        try
        {
            database = await spare;
        }
        catch (InvalidOperationException)
        {
            // The cluster is missing (SLUICE_TEST_POSTGRES unset): every test already failed saying so.
            return;
        }

        await database.DisposeAsync();
    }
}
