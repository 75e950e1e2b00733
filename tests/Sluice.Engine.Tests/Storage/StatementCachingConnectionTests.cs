using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>
/// A connection of <see cref="SqliteDatabase"/> compiles each statement once: the command comes back for the same SQL,
/// runs with the new parameters, and leaves no read transaction open between calls.
/// </summary>
public sealed class StatementCachingConnectionTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(temp.Path, "t.db"), Pooling = false }.ToString();

    private StatementCachingConnection Open()
    {
        var connection = new StatementCachingConnection(ConnectionString);
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, a TEXT NOT NULL)";
        setup.ExecuteNonQuery();
        return connection;
    }

    [Fact]
    public async Task Create_SameSqlAfterDispose_ReusesTheCommandWithTheNewParameters()
    {
        await using var connection = Open();
        SqliteCommand first;
        await using (first = SqliteCommands.Create(connection, null, "INSERT INTO t (a) VALUES ($a) RETURNING id", ("$a", "one")))
        {
            (await first.ExecuteScalarAsync()).ShouldBe(1L);
        }

        await using var second = SqliteCommands.Create(connection, null, "INSERT INTO t (a) VALUES ($a) RETURNING id", ("$a", "two"));

        second.ShouldBeSameAs(first);
        (await second.ExecuteScalarAsync()).ShouldBe(2L);
        var rows = await SqliteCommands.ReadAllAsync(SqliteCommands.Create(connection, null, "SELECT a FROM t ORDER BY id"), r => r.GetString(0), CancellationToken.None);
        rows.ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task Create_SameSqlWhileTheFirstIsInUse_GetsAnotherCommand()
    {
        await using var connection = Open();
        await SqliteCommands.ExecuteAsync(connection, null, "INSERT INTO t (a) VALUES ('x'), ('y')", CancellationToken.None);
        await using var outer = SqliteCommands.Create(connection, null, "SELECT a FROM t WHERE a = $a", ("$a", "x"));
        await using var reader = await outer.ExecuteReaderAsync();
        reader.Read().ShouldBeTrue();

        await using var inner = SqliteCommands.Create(connection, null, "SELECT a FROM t WHERE a = $a", ("$a", "y"));

        inner.ShouldNotBeSameAs(outer);
        (await inner.ExecuteScalarAsync()).ShouldBe("y");
        reader.GetString(0).ShouldBe("x");
    }

    [Fact]
    public async Task Create_InATransaction_RunsInItAndIsKeptWithoutIt()
    {
        await using var connection = Open();
        await using (var transaction = connection.BeginTransaction())
        {
            await SqliteCommands.ExecuteAsync(connection, transaction, "INSERT INTO t (a) VALUES ($a)", CancellationToken.None, ("$a", "rolled back"));
            await transaction.RollbackAsync();
        }

        await SqliteCommands.ExecuteAsync(connection, null, "INSERT INTO t (a) VALUES ($a)", CancellationToken.None, ("$a", "kept"));

        (await SqliteCommands.ScalarInt64Async(connection, null, "SELECT count(*) FROM t WHERE a = 'kept'", CancellationToken.None)).ShouldBe(1L);
        (await SqliteCommands.ScalarInt64Async(connection, null, "SELECT count(*) FROM t WHERE a = 'rolled back'", CancellationToken.None)).ShouldBe(0L);
    }

    [Fact]
    public async Task KeptStatements_HoldNoSnapshot_SoACheckpointCanTruncateTheLog()
    {
        await using var connection = Open();
        await SqliteCommands.ExecuteAsync(connection, null, "INSERT INTO t (a) VALUES ('x'), ('y'), ('z')", CancellationToken.None);
        var rows = await SqliteCommands.ReadAllAsync(SqliteCommands.Create(connection, null, "SELECT a FROM t"), r => r.GetString(0), CancellationToken.None);
        (await SqliteCommands.ScalarInt64Async(connection, null, "SELECT count(*) FROM t", CancellationToken.None)).ShouldBe(3L);
        connection.KeptCount.ShouldBeGreaterThanOrEqualTo(2);
        rows.Count.ShouldBe(3);

        await using var other = new SqliteConnection(ConnectionString);
        await other.OpenAsync();
        await SqliteCommands.ExecuteAsync(other, null, "INSERT INTO t (a) VALUES ('w')", CancellationToken.None);
        await using var checkpoint = other.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync();
        result.Read().ShouldBeTrue();

        result.GetInt64(0).ShouldBe(0L, "busy: a kept statement still holds a read snapshot");
    }

    [Fact]
    public async Task Dispose_FinalizesTheKeptStatements_SoTheFileCanBeDeleted()
    {
        var connection = Open();
        await SqliteCommands.ExecuteAsync(connection, null, "INSERT INTO t (a) VALUES ('x')", CancellationToken.None);
        connection.KeptCount.ShouldBeGreaterThan(0);

        await connection.DisposeAsync();

        connection.KeptCount.ShouldBe(0);
        File.Delete(Path.Combine(temp.Path, "t.db"));
        File.Exists(Path.Combine(temp.Path, "t.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task KeptCommand_HoldsNoParameterValues()
    {
        await using var connection = Open();
        var command = SqliteCommands.Create(connection, null, "INSERT INTO t (a) VALUES ($a)", ("$a", new string('x', 10_000)));
        await command.ExecuteNonQueryAsync();

        await command.DisposeAsync();

        command.Parameters.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ManyDistinctStatements_KeepAtMostSixtyFour()
    {
        await using var connection = Open();

        for (var i = 0; i < 200; i++)
        {
            (await SqliteCommands.ScalarInt64Async(connection, null, $"SELECT {i}", CancellationToken.None)).ShouldBe(i);
        }

        connection.KeptCount.ShouldBeInRange(1, 64);
    }
}
