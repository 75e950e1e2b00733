using System.Diagnostics;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using Sluice.Engine.Tests.Storage.Postgres;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>
/// The contract on a real PostgreSQL database (a fresh one per test, see <see cref="PostgresTestCluster"/>). "Another
/// instance" is a queue with its own connection pool and LISTEN connection, as another server would have; plus what is
/// specific to PostgreSQL: the listener's reconnect.
/// </summary>
public sealed class PostgresJobQueueTests(PostgresDatabasePool pool) : JobQueueContract, IClassFixture<PostgresDatabasePool>
{
    private PostgresTestDatabase? database;

    private PostgresTestDatabase Database => database ?? throw new InvalidOperationException("not initialized");

    private protected override async Task<(IRunStore Store, IJobQueue Queue)> CreateAsync()
    {
        database = await pool.TakeAsync();
        return (new PostgresRunStore(database.ConnectionString, TimeProvider.System), new PostgresJobQueue(database.ConnectionString, TimeProvider.System));
    }

    private protected override Task<IJobQueue> OpenAnotherAsync() =>
        Task.FromResult<IJobQueue>(new PostgresJobQueue(Database.ConnectionString, TimeProvider.System));

    protected override Task BreakHistoryWritesAsync() => Database.ExecuteAsync("""
        CREATE FUNCTION break_jobs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'history is broken'; END $$;
        CREATE TRIGGER break_jobs BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION break_jobs();
        """);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            pool.Release(database);
        }
    }

    [Fact]
    public async Task Migrate_AddsTheJobsMigrationAsVersionFour()
    {
        var values = await Database.QueryAsync("SELECT name FROM schema_migrations WHERE version = 4");

        values.ShouldBe(["jobs"]);
    }

    [Fact]
    public async Task Wait_ListenerConnectionKilled_ReconnectsAndWakesOnTheNextNotify()
    {
        var queue = (PostgresJobQueue)Queue;
        var other = await AnotherAsync();
        await Queue.WaitAsync(TimeSpan.FromMilliseconds(1), Ct);
        await Until(() => queue.Listener.Connects == 1);

        var killed = await Database.QueryAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {PostgresQueueListener.Channel}'");
        killed.Count.ShouldBeGreaterThanOrEqualTo(1);
        await Until(() => queue.Listener.Connects == 2);

        var watch = Stopwatch.StartNew();
        var waiter = WaitForQueuedAsync(Queue);
        await Task.Delay(300);
        await other.EnqueueAsync(Ticket(), T0, Ct);
        await waiter;

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    private static async Task Until(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "condition not met in time");
            await Task.Delay(20);
        }
    }
}
