using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// Connections and transactions for one SQLite file. A pooled connection per call (each with
/// <c>busy_timeout</c> and <c>synchronous=NORMAL</c>; foreign keys on). Writes also pass one in-process gate and
/// run in a <c>BEGIN IMMEDIATE</c> transaction: the gate keeps this process's writers from busy-waiting on each
/// other (measured fastest for 8 concurrent log writers, see docs/history.md), IMMEDIATE + busy_timeout handle
/// other processes. Reads take no gate: WAL gives each a consistent snapshot next to a writer.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private const int BusyTimeoutMs = 10_000;

    private readonly string connectionString;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    public string Path { get; }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection, cancellationToken);
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
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            if (beforeTransaction is not null)
            {
                await beforeTransaction(connection, cancellationToken);
            }

            await using var transaction = connection.BeginTransaction(deferred: false);
            T result;
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
            return result;
        }
        finally
        {
            writeGate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
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
