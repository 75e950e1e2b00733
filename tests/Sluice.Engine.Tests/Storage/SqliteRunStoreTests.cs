using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>The contract on a real SQLite file, plus what is specific to SQLite: files, pragmas, migrations.</summary>
public sealed class SqliteRunStoreTests : RunStoreContract
{
    private readonly TempDirectory temp = new();

    private string DbPath => Path.Combine(temp.Path, "sluice.db");

    protected override Task<IRunStore> CreateStoreAsync() => Task.FromResult<IRunStore>(new SqliteRunStore(DbPath, TimeProvider.System));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Data_SurvivesClosingAndReopeningTheFile()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        await Store.AppendLogsAsync([Line(id, "build", 1)], Ct);
        await Store.DisposeAsync();

        await using var reopened = new SqliteRunStore(DbPath, TimeProvider.System);
        await reopened.MigrateAsync(Ct);

        (await reopened.GetRunAsync(id, Ct)).ShouldNotBeNull().PipelineId.ShouldBe("ci");
        (await reopened.GetLogsAsync(id, "build", 0, 10, Ct)).ShouldBe([Line(id, "build", 1)]);
    }

    [Fact]
    public async Task Writes_AreVisibleToAnotherStoreOnTheFileBeforeTheWriterCloses()
    {
        await using var reader = new SqliteRunStore(DbPath, TimeProvider.System);

        var id = await CreateRunAsync(jobs: ["build"]);
        await Store.AppendLogsAsync([Line(id, "build", 1)], Ct);

        (await reader.GetLogsAsync(id, "build", 0, 10, Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Writes_AreInTheFilesOnDiskWhenTheCallReturns_AsAfterASigkill()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        await Store.SetRunStateAsync(id, RunState.Running, T0, Ct);
        await Store.AppendLogsAsync([Line(id, "build", 1), Line(id, "build", 2)], Ct);

        // Copy the files as a killed process leaves them: no close, no checkpoint, no shared-memory index.
        var crashed = Directory.CreateDirectory(Path.Combine(temp.Path, "crashed")).FullName;
        File.Copy(DbPath, Path.Combine(crashed, "sluice.db"));
        File.Copy(DbPath + "-wal", Path.Combine(crashed, "sluice.db-wal"));
        await using var recovered = new SqliteRunStore(Path.Combine(crashed, "sluice.db"), TimeProvider.System);

        (await recovered.GetRunAsync(id, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Running);
        (await recovered.GetLogsAsync(id, "build", 0, 10, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Migrate_RerunIsANoOp()
    {
        var store = (SqliteRunStore)Store;
        var before = await store.GetAppliedMigrationsAsync(Ct);

        await store.MigrateAsync(Ct);
        await using (var second = new SqliteRunStore(DbPath, TimeProvider.System))
        {
            await second.MigrateAsync(Ct);
        }

        before.Select(m => m.Version).ShouldBe(SqliteMigrations.All.Select(m => m.Version));
        (await store.GetAppliedMigrationsAsync(Ct)).ShouldBe(before);
    }

    [Fact]
    public async Task Migrate_PutsTheFileInWalMode()
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath}");
        await connection.OpenAsync();

        (await Pragma(connection, "journal_mode")).ShouldBe("wal");
        await CreateRunAsync(jobs: ["a"]);
        File.Exists(DbPath + "-wal").ShouldBeTrue();
    }

    [Fact]
    public async Task Migrate_FailingMigration_RollsBackEveryMigrationOfThatCall()
    {
        var path = Path.Combine(temp.Path, "broken.db");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        SqliteMigration[] migrations = [new(1, "ok", "CREATE TABLE a (x INTEGER)"), new(2, "broken", "CREATE TABLE b (x INTEGER); THIS IS NOT SQL")];

        await using (var tx = connection.BeginTransaction(deferred: false))
        {
            await Should.ThrowAsync<SqliteException>(() => SqliteMigrator.ApplyAsync(connection, tx, migrations, T0, Ct));
        }

        (await SqliteMigrator.GetAppliedAsync(connection, null, Ct)).ShouldBeEmpty();
        (await Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'b')")).ShouldBe(0L);
    }

    [Fact]
    public async Task Migrate_VersionMissingBelowAnAppliedOne_IsAppliedInOrder()
    {
        var path = Path.Combine(temp.Path, "gap.db");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        SqliteMigration[] shipped = [new(1, "one", "CREATE TABLE a (x INTEGER)"), new(3, "three", "CREATE TABLE c (x INTEGER)")];
        SqliteMigration[] later = [shipped[0], new(2, "two", "CREATE TABLE b (x INTEGER)"), shipped[1], new(5, "five", "CREATE TABLE e (x INTEGER)")];
        await using (var tx = connection.BeginTransaction(deferred: false))
        {
            await SqliteMigrator.ApplyAsync(connection, tx, shipped, T0, Ct);
            await tx.CommitAsync();
        }

        await using (var tx = connection.BeginTransaction(deferred: false))
        {
            await SqliteMigrator.ApplyAsync(connection, tx, later, T0, Ct);
            await tx.CommitAsync();
        }

        (await SqliteMigrator.GetAppliedAsync(connection, null, Ct)).Select(m => m.Version).ShouldBe([1, 2, 3, 5]);
        (await Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'b', 'c', 'e')")).ShouldBe(4L);
    }

    [Fact]
    public async Task Migrate_DatabaseFromANewerSluice_IsRefused()
    {
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Store.MigrateAsync(Ct));

        error.Message.ShouldContain("newer");
    }

    private static async Task<string?> Pragma(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (string?)await command.ExecuteScalarAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
