using Npgsql;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Small helpers to build parameterised commands; every value goes through a parameter, never into the SQL text.
/// Values are converted on the way in (<see cref="PostgresRows.ToDb(string)"/>, <see cref="PostgresRows.ToDb(DateTimeOffset)"/>),
/// so callers pass the record fields as they are. A null is sent untyped: PostgreSQL infers its type from the column
/// or expression it meets.
/// </summary>
internal static class PostgresCommands
{
    public static NpgsqlCommand Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { ParameterName = name, Value = DBNull.Value },
                string text => new NpgsqlParameter<string>(name, PostgresRows.ToDb(text)),
                DateTimeOffset time => new NpgsqlParameter<DateTime>(name, PostgresRows.ToDb(time)),
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarInt64Async(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
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
    public static bool IsMissingParent(PostgresException exception) => exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    /// <summary>
    /// True when PostgreSQL aborted the transaction only because of a concurrent one (deadlock, serialization
    /// failure): running the whole transaction again is safe and expected to succeed.
    /// </summary>
    public static bool IsTransientConflict(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
