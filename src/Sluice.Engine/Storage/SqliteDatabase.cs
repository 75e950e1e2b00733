using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// Connections and transactions for one SQLite file. A pooled connection per call (each with
/// <c>busy_timeout</c> and <c>synchronous=NORMAL</c>; foreign keys on). Writes also pass one in-process gate and
/// run in a <c>BEGIN IMMEDIATE</c> transaction: the gate keeps this process's writers from busy-waiting on each
/// other (measured fastest for 8 concurrent log writers, see docs/history.md), IMMEDIATE + busy_timeout handle
/// other processes. Reads take no gate: WAL gives each a consistent snapshot next to a writer.
/// <see cref="WriteBatchAsync"/> runs many writes in one transaction: each write inside it gets a savepoint instead of
/// a transaction of its own, so it still happens fully or not at all, and the batch pays for one commit.
/// Open connections are kept for reuse (up to <see cref="MaxIdle"/>): opening one, even from Microsoft.Data.Sqlite's pool,
/// ran three pragmas each time, and a dispatched job opens a dozen. A connection whose call threw is closed, not kept.
/// Each keeps its compiled statements (<see cref="StatementCachingConnection"/>).
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private const int BusyTimeoutMs = 10_000;
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<SqliteConnection> idle = [];
    private volatile bool disposed;

    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    /// <summary>The transaction of the <see cref="WriteBatchAsync"/> whose body is running in this async flow, if any.</summary>
    private readonly AsyncLocal<SqliteTransaction?> batch = new();

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // this class keeps its own open connections
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    public string Path { get; }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(cancellationToken);
        var healthy = false;
        try
        {
            var result = await read(connection, cancellationToken);
            healthy = true;
            return result;
        }
        finally
        {
            Return(connection, healthy);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one IMMEDIATE transaction under the write gate and commits unless it throws
    /// or is cancelled. A foreign key violation (the run or job does not exist) becomes <see cref="KeyNotFoundException"/>.
    /// <paramref name="beforeTransaction"/> runs on the same connection first (for pragmas that refuse transactions).
    /// </summary>
    public async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write,
        CancellationToken cancellationToken,
        Func<SqliteConnection, CancellationToken, Task>? beforeTransaction = null)
    {
        if (batch.Value is { } batchTransaction && beforeTransaction is null)
        {
            return await WriteInBatchAsync(batchTransaction, write, cancellationToken);
        }

        await writeGate.WaitAsync(cancellationToken);
        SqliteConnection? connection = null;
        var healthy = false;
        try
        {
            connection = await RentAsync(cancellationToken);
            if (beforeTransaction is not null)
            {
                await beforeTransaction(connection, cancellationToken);
            }

            T result;
            await using (var transaction = connection.BeginTransaction(deferred: false))
            {
                try
                {
                    result = await write(connection, transaction, cancellationToken);
                }
                catch (SqliteException e) when (SqliteCommands.IsMissingParent(e))
                {
                    throw new KeyNotFoundException("the run or job referenced does not exist", e);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(cancellationToken);
            }

            healthy = true;
            return result;
        }
        finally
        {
            if (connection is not null)
            {
                Return(connection, healthy);
            }

            writeGate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> with one IMMEDIATE transaction under the write gate: every <see cref="WriteAsync{T}"/>
    /// it awaits (in its own async flow) joins that transaction as a savepoint. Commits when the body returns, even if
    /// some of its writes threw (those were rolled back to their savepoint); nothing is committed if the body throws.
    /// </summary>
    public async Task WriteBatchAsync(Func<CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        SqliteConnection? connection = null;
        var healthy = false;
        try
        {
            connection = await RentAsync(cancellationToken);
            await using (var transaction = connection.BeginTransaction(deferred: false))
            {
                batch.Value = transaction;
                try
                {
                    await body(cancellationToken);
                }
                finally
                {
                    batch.Value = null;
                }

                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(cancellationToken);
            }

            healthy = true;
        }
        finally
        {
            if (connection is not null)
            {
                Return(connection, healthy);
            }

            writeGate.Release();
        }
    }

    private static async Task<T> WriteInBatchAsync<T>(
        SqliteTransaction transaction, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        const string Savepoint = "sluice_write";
        var connection = transaction.Connection ?? throw new InvalidOperationException("the batch transaction has ended");
        await transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            var result = await write(connection, transaction, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.ReleaseAsync(Savepoint, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            await transaction.RollbackAsync(Savepoint, CancellationToken.None);
            await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            if (e is SqliteException sqlite && SqliteCommands.IsMissingParent(sqlite))
            {
                throw new KeyNotFoundException("the run or job referenced does not exist", e);
            }

            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        // Kept connections hold the file open; close them so the file can be moved or deleted.
        disposed = true;
        while (idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (idle.TryTake(out var kept))
        {
            if (kept.State == System.Data.ConnectionState.Open)
            {
                return kept;
            }

            await kept.DisposeAsync();
        }

        return await OpenAsync(cancellationToken);
    }

    /// <summary>Keeps a connection whose call ended normally (no transaction left open); closes any other.</summary>
    private void Return(SqliteConnection connection, bool healthy)
    {
        if (healthy && !disposed && idle.Count < MaxIdle)
        {
            idle.Add(connection);
            if (!disposed)
            {
                return;
            }

            // Disposed meanwhile: take back what may have been added after the drain.
            while (idle.TryTake(out var late))
            {
                late.Dispose();
            }

            return;
        }

        connection.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new StatementCachingConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteCommands.ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
