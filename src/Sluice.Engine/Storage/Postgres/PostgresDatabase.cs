using Npgsql;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Connections and transactions for one PostgreSQL database, through one pooled <see cref="NpgsqlDataSource"/>.
/// Unlike SQLite there is no in-process write gate: PostgreSQL locks rows, so writers of this process, of other
/// processes and of other servers proceed side by side. Each write is one READ COMMITTED transaction; when
/// PostgreSQL aborts one only because of a concurrent transaction (deadlock, serialization failure) it is run
/// again from the start, which is safe because nothing of it was committed.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const int MaxAttempts = 5;

    private const string IdleInTransactionTimeout = "SET idle_in_transaction_session_timeout = '10s'";

    private readonly NpgsqlDataSource dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            // Shows up in pg_stat_activity, so an operator can tell Sluice's connections from others.
            builder.ConnectionStringBuilder.ApplicationName = "sluice";
        }

        // A process that stalls inside a transaction (a GC pause, SIGSTOP, a lost network) would hold its row locks
        // until it woke up, and with them other servers' takeover of its work (which must update those rows).
        // PostgreSQL ends such a session instead: no Sluice transaction waits on its client for anywhere near this.
        builder.UsePhysicalConnectionInitializer(
            connection =>
            {
                using var command = new NpgsqlCommand(IdleInTransactionTimeout, connection);
                command.ExecuteNonQuery();
            },
            async connection =>
            {
                await using var command = new NpgsqlCommand(IdleInTransactionTimeout, connection);
                await command.ExecuteNonQueryAsync();
            });
        dataSource = builder.Build();
    }

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction and commits unless it throws or is cancelled. A foreign key
    /// violation (the run or job does not exist) becomes <see cref="KeyNotFoundException"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(write, cancellationToken);
            }
            catch (PostgresException e) when (PostgresCommands.IsTransientConflict(e) && attempt < MaxAttempts)
            {
                // Back off a little, longer each time, so the transactions that collided do not collide again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
            }
        }
    }

    /// <summary>A connection of the caller's own, e.g. to LISTEN for notifications; the caller disposes it.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<T> WriteOnceAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        T result;
        try
        {
            result = await write(connection, transaction, cancellationToken);
        }
        catch (PostgresException e) when (PostgresCommands.IsMissingParent(e))
        {
            throw new KeyNotFoundException("the run or job referenced does not exist", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
