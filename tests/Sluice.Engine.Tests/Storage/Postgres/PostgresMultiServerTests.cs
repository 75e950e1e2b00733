using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>
/// Several servers on one PostgreSQL database, each with its own <see cref="PostgresRunStore"/> (own connection pool):
/// starting at once, and writing the same runs at once.
/// </summary>
public sealed class PostgresMultiServerTests(PostgresDatabasePool pool) : IAsyncLifetime, IClassFixture<PostgresDatabasePool>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private PostgresTestDatabase? database;

    private static CancellationToken Ct => CancellationToken.None;

    private PostgresTestDatabase Database => database ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => database = await pool.TakeAsync();

    public Task DisposeAsync()
    {
        if (database is not null)
        {
            pool.Release(database);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Migrate_SixServersStartingAtOnceOnAnEmptyDatabase_AllSucceedAndEachMigrationIsAppliedOnce()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresRunStore(Database.ConnectionString, TimeProvider.System)).ToList();
        try
        {
            // Open a connection per store first, so the migrations themselves start as close together as possible.
            foreach (var store in stores)
            {
                (await store.GetAppliedMigrationsAsync(Ct)).ShouldBeEmpty();
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var migrations = stores.Select(async s =>
            {
                await start.Task;
                await s.MigrateAsync(Ct);
            }).ToList();
            start.SetResult();
            await Task.WhenAll(migrations);

            (await stores[0].GetAppliedMigrationsAsync(Ct)).Select(m => (m.Version, m.Name))
                .ShouldBe(PostgresMigrations.All.Select(m => (m.Version, m.Name)));
            var id = await stores[1].CreateRunAsync(ARun(), [new NewJob("build", "build", "Build", "[]", "{}")], Ct);
            (await stores[5].GetRunAsync(id, Ct)).ShouldNotBeNull();
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AppendLogs_TwoServersGettingOverlappingAndRetriedBatches_StoreEveryLineExactlyOnce()
    {
        await using var serverA = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await using var serverB = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await serverA.MigrateAsync(Ct);
        await serverB.MigrateAsync(Ct);
        string[] jobs = ["job0", "job1", "job2", "job3"];
        var id = await serverA.CreateRunAsync(ARun(), [.. jobs.Select(j => new NewJob(j, j, j, "[]", "{}"))], Ct);
        const int Batches = 20, PerBatch = 50;

        // Each agent sends its batches to one server and, as after a timed-out request, the same batch again in reverse
        // order to the other; both deliveries race. Every batch also repeats the tail of the one before.
        await Task.WhenAll(jobs.Select((job, agent) => Task.Run(async () =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                var first = Math.Max(1, (batch * PerBatch) - 10);
                var lines = Enumerable.Range(first, (batch * PerBatch) + PerBatch - first + 1).Select(s => Line(id, job, s)).ToList();
                var (primary, retry) = (agent + batch) % 2 == 0 ? (serverA, serverB) : (serverB, serverA);
                await Task.WhenAll(primary.AppendLogsAsync(lines, Ct), retry.AppendLogsAsync([.. Enumerable.Reverse(lines)], Ct));
            }
        })));

        var expected = Enumerable.Range(1, Batches * PerBatch).Select(s => (long)s).ToList();
        foreach (var job in jobs)
        {
            (await serverA.GetLogsAsync(id, job, 0, 10_000, Ct)).ShouldBe(expected.Select(s => Line(id, job, s)));
            (await serverB.GetLogsAsync(id, job, 0, 10_000, Ct)).Select(l => l.Sequence).ShouldBe(expected);
        }

        (await Database.QueryAsync("SELECT COUNT(*) FROM log_lines")).ShouldBe([(long)(jobs.Length * Batches * PerBatch)]);
    }

    [Fact]
    public async Task AppendLogs_TwoServersGettingOneLargeBatchInOppositeOrders_BothSucceedWithoutDeadlock()
    {
        await using var serverA = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await using var serverB = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await serverA.MigrateAsync(Ct);
        var id = await serverA.CreateRunAsync(ARun(), [new NewJob("build", "build", "Build", "[]", "{}")], Ct);

        // Inserted in the order given, the two statements would meet in the middle, each waiting for a key the other
        // holds; the store sorts every batch by key, so the second simply waits for the first.
        for (var round = 0; round < 3; round++)
        {
            var lines = Enumerable.Range((round * 4000) + 1, 4000).Select(s => Line(id, "build", s)).ToList();
            await Task.WhenAll(
                Task.Run(() => serverA.AppendLogsAsync(lines, Ct)),
                Task.Run(() => serverB.AppendLogsAsync([.. Enumerable.Reverse(lines)], Ct)));
        }

        (await serverB.GetLogsAsync(id, "build", 0, 20_000, Ct)).Select(l => l.Sequence).ShouldBe(Enumerable.Range(1, 12_000).Select(s => (long)s));
    }

    [Fact]
    public async Task CreateRun_TwoServersAtOnce_EveryRunGetsItsOwnIdAndJobs()
    {
        await using var serverA = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await using var serverB = new PostgresRunStore(Database.ConnectionString, TimeProvider.System);
        await serverA.MigrateAsync(Ct);

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? serverA : serverB).CreateRunAsync(ARun() with { CreatedAt = T0.AddSeconds(i) }, [new NewJob("a", "a", "A", "[]", "{}"), new NewJob("b", "b", "B", "[]", "{}")], Ct)));

        ids.Distinct().Count().ShouldBe(40);
        (await serverB.ListRunsAsync(new RunQuery(Limit: 100), Ct)).Count.ShouldBe(40);
        foreach (var id in ids)
        {
            (await serverA.GetJobsAsync(id, Ct)).Select(j => j.Key).ShouldBe(["a", "b"]);
        }
    }

    private static NewRun ARun() =>
        new("/repo", "ci", "CI", ".sluice/ci.yml", "push", """{"kind":"push"}""", "main", null, null, "host-a:1:1", T0);

    private static LogLine Line(long runId, string job, long sequence) =>
        new(runId, job, sequence, 1, 0, T0.AddMilliseconds(sequence), "stdout", $"{job} line {sequence}");
}
