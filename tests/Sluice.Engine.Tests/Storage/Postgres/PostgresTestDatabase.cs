using Npgsql;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>A fresh database on the test cluster, dropped on dispose; one per test so tests run in parallel.</summary>
internal sealed class PostgresTestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public static Task<PostgresTestDatabase> CreateAsync() => PostgresTestCluster.CreateDatabaseAsync();

    /// <summary>Runs one statement on this database and returns its first column, for checks below the store's API.</summary>
    public async Task<List<object?>> QueryAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        }

        return values;
    }

    public async Task ExecuteAsync(string sql) => await QueryAsync(sql);

    public ValueTask DisposeAsync() => new(PostgresTestCluster.DropDatabaseAsync(Name));
}
