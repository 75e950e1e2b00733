using Npgsql;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>
/// The contract on a real PostgreSQL database (a fresh one per test, see <see cref="PostgresTestCluster"/>), plus
/// what is specific to PostgreSQL: migrations, column types, time precision, collation, NUL characters.
/// </summary>
public sealed class PostgresRunStoreTests(PostgresDatabasePool pool) : RunStoreContract, IClassFixture<PostgresDatabasePool>
{
    private PostgresTestDatabase? database;

    private PostgresTestDatabase Database => database ?? throw new InvalidOperationException("not initialized");

    protected override async Task<IRunStore> CreateStoreAsync()
    {
        database = await pool.TakeAsync();
        return new PostgresRunStore(database.ConnectionString, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
        {
            pool.Release(database);
        }
    }

    [Fact]
    public async Task Migrate_RerunIsANoOp()
    {
        var store = (PostgresRunStore)Store;
        var before = await store.GetAppliedMigrationsAsync(Ct);

        await store.MigrateAsync(Ct);
        await using (var second = new PostgresRunStore(Database.ConnectionString, TimeProvider.System))
        {
            await second.MigrateAsync(Ct);
        }

        before.Select(m => m.Version).ShouldBe(PostgresMigrations.All.Select(m => m.Version));
        (await store.GetAppliedMigrationsAsync(Ct)).ShouldBe(before);
    }

    [Fact]
    public async Task Migrate_FailingMigration_RollsBackEveryMigrationOfThatCall()
    {
        await using var empty = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(empty.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        PostgresMigration[] migrations = [new(1, "ok", "CREATE TABLE a (x INTEGER)"), new(2, "broken", "CREATE TABLE b (x INTEGER); THIS IS NOT SQL")];

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Should.ThrowAsync<PostgresException>(() => PostgresMigrator.ApplyAsync(connection, tx, migrations, T0, Ct));
        }

        (await PostgresMigrator.GetAppliedAsync(connection, null, Ct)).ShouldBeEmpty();
        (await empty.QueryAsync("SELECT COUNT(*) FROM pg_tables WHERE tablename IN ('a', 'b', 'schema_migrations')")).ShouldBe([0L]);
    }

    [Fact]
    public async Task Migrate_VersionMissingBelowAnAppliedOne_IsAppliedInOrder()
    {
        await using var empty = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(empty.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        PostgresMigration[] shipped = [new(1, "one", "CREATE TABLE a (x INTEGER)"), new(3, "three", "CREATE TABLE c (x INTEGER)")];
        PostgresMigration[] later = [shipped[0], new(2, "two", "CREATE TABLE b (x INTEGER)"), shipped[1], new(5, "five", "CREATE TABLE e (x INTEGER)")];
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await PostgresMigrator.ApplyAsync(connection, tx, shipped, T0, Ct);
            await tx.CommitAsync();
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await PostgresMigrator.ApplyAsync(connection, tx, later, T0, Ct);
            await tx.CommitAsync();
        }

        (await PostgresMigrator.GetAppliedAsync(connection, null, Ct)).Select(m => m.Version).ShouldBe([1, 2, 3, 5]);
        (await empty.QueryAsync("SELECT COUNT(*) FROM pg_tables WHERE tablename IN ('a', 'b', 'c', 'e')")).ShouldBe([4L]);
    }

    [Fact]
    public async Task Migrate_DatabaseFromANewerSluice_IsRefused()
    {
        await Database.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', now())");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Store.MigrateAsync(Ct));

        error.Message.ShouldContain("newer");
    }

    [Fact]
    public async Task Schema_EveryTimeColumnIsTimestamptzWithMillisecondPrecision()
    {
        var columns = await Database.QueryAsync("""
            SELECT table_name || '.' || column_name || ' ' || data_type || '(' || datetime_precision || ')'
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND (column_name LIKE '%\_at' OR data_type LIKE 'timestamp%') AND table_name <> 'schema_migrations'
            ORDER BY 1
            """);

        columns.ShouldBe([
            "api_tokens.created_at timestamp with time zone(3)", "api_tokens.last_used_at timestamp with time zone(3)",
            "deployment_approvals.decided_at timestamp with time zone(3)", "deployment_events.at timestamp with time zone(3)",
            "deployments.finished_at timestamp with time zone(3)", "deployments.gate_since timestamp with time zone(3)",
            "deployments.requested_at timestamp with time zone(3)", "deployments.started_at timestamp with time zone(3)",
            "dispatch_jobs.finished_at timestamp with time zone(3)", "dispatch_jobs.lease_expires_at timestamp with time zone(3)",
            "dispatch_jobs.queued_at timestamp with time zone(3)", "dispatch_jobs.requeued_at timestamp with time zone(3)",
            "dispatch_jobs.started_at timestamp with time zone(3)",
            "environment_locks.locked_at timestamp with time zone(3)",
            "inbox.processed_at timestamp with time zone(3)", "inbox.received_at timestamp with time zone(3)",
            "jobs.finished_at timestamp with time zone(3)", "jobs.started_at timestamp with time zone(3)",
            "log_lines.logged_at timestamp with time zone(3)",
            "run_queue.created_at timestamp with time zone(3)", "run_queue.finished_at timestamp with time zone(3)", "run_queue.started_at timestamp with time zone(3)",
            "runs.created_at timestamp with time zone(3)", "runs.finished_at timestamp with time zone(3)", "runs.started_at timestamp with time zone(3)",
            "schedule_fires.fire_at timestamp with time zone(3)", "schedule_state.last_fire timestamp with time zone(3)",
            "servers.heartbeat_at timestamp with time zone(3)", "servers.started_at timestamp with time zone(3)",
            "steps.finished_at timestamp with time zone(3)", "steps.started_at timestamp with time zone(3)"]);
    }

    [Fact]
    public async Task Times_BelowAMillisecond_AreTruncatedLikeSqlite_AndReadBackAsUtc()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        var precise = new DateTimeOffset(2025, 3, 1, 14, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_239_999); // 123.9999 ms

        await Store.SetRunStateAsync(id, RunState.Running, precise, Ct);
        await Store.AppendLogsAsync([Line(id, "build", 1) with { Timestamp = precise }], Ct);

        var startedAt = (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull().StartedAt.ShouldNotBeNull();
        var loggedAt = (await Store.GetLogsAsync(id, "build", 0, 1, Ct))[0].Timestamp;
        var expected = new DateTimeOffset(2025, 3, 1, 12, 30, 0, 123, TimeSpan.Zero);
        (startedAt, startedAt.Offset, loggedAt, loggedAt.Offset).ShouldBe((expected, TimeSpan.Zero, expected, TimeSpan.Zero));
    }

    [Fact]
    public async Task AppendLogs_TextWithANulCharacter_IsStoredWithAReplacementCharacter_WithTheRestOfTheBatch()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Store.AppendLogsAsync([Line(id, "build", 1, "binary\0output ✓"), Line(id, "build", 2, "\t\u001b[31mred\u001b[0m\r")], Ct);

        (await Store.GetLogsAsync(id, "build", 0, 10, Ct)).Select(l => l.Text).ShouldBe(["binary\uFFFDoutput ✓", "\t\u001b[31mred\u001b[0m\r"]);
    }

    [Fact]
    public async Task Reads_OrderTextByCodePoint_EvenInADatabaseWithALinguisticCollation()
    {
        await using var icu = await PostgresTestCluster.CreateDatabaseAsync("TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
        await using var store = new PostgresRunStore(icu.ConnectionString, TimeProvider.System);
        await store.MigrateAsync(Ct);
        var id = await store.CreateRunAsync(ARun(), [AJob("build")], Ct);
        string[] paths = ["b.txt", "a.txt", "B.txt", "_x.txt"];
        foreach (var path in paths)
        {
            await store.AddArtifactAsync(new ArtifactRecord(id, "build", path, new string('a', 64), 1), Ct);
        }

        (await store.GetArtifactsAsync(id, Ct)).Select(a => a.Path).ShouldBe(paths.Order(StringComparer.Ordinal));
        (await icu.QueryAsync("SELECT path FROM artifacts ORDER BY path")).Cast<string>().ShouldBe(["_x.txt", "a.txt", "b.txt", "B.txt"], "the database itself sorts linguistically");
    }
}
