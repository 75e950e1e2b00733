using Microsoft.Data.Sqlite;

namespace Sluice.Engine.Storage;

/// <summary>
/// Small helpers to build parameterised commands; every value goes through a parameter, never into the SQL text. On a
/// <see cref="StatementCachingConnection"/> the command comes from its cache: dispose it (<c>await using</c>) as usual.
/// </summary>
internal static class SqliteCommands
{
    public static SqliteCommand Create(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command;
        if (connection is StatementCachingConnection caching)
        {
            command = caching.Command(sql, transaction);
        }
        else
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarInt64Async(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>True for a foreign key violation: the run or job a row points at does not exist.</summary>
    public static bool IsMissingParent(SqliteException exception) => exception.SqliteExtendedErrorCode == 787;
}
