using Npgsql;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Cli.Tests.Commands;

/// <summary>
/// A fresh database on the cluster of <c>SLUICE_TEST_POSTGRES</c> (as the engine's store tests use it), dropped on
/// dispose. Unset, the test fails saying how to get a cluster: PostgreSQL tests are never skipped.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string EnvironmentVariable = "SLUICE_TEST_POSTGRES";

    private static readonly Lazy<(NpgsqlDataSource Admin, string ConnectionString)> Cluster = new(Connect);

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The database as a <c>postgres://</c> URL, as an operator writes it in <c>--database</c> or sluice.yml.</summary>
    public string Url
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            var user = b.Username is null ? "" : Uri.EscapeDataString(b.Username) + (b.Password is null ? "" : ":" + Uri.EscapeDataString(b.Password)) + "@";
            return $"postgres://{user}{b.Host}:{b.Port}/{Name}";
        }
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var (admin, connectionString) = Cluster.Value;
        var name = "sluice_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var command = admin.CreateCommand($"CREATE DATABASE {name} STRATEGY = FILE_COPY"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresTestDatabase(name, new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using var command = Cluster.Value.Admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    private static (NpgsqlDataSource, string) Connect()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{EnvironmentVariable} is not set: the PostgreSQL server tests need a cluster (./test.sh starts one, or export {EnvironmentVariable}=postgres://postgres@127.0.0.1:5432/postgres)");
        }

        if (!PostgresConnectionString.TryParse(value, out var connectionString, out var error))
        {
            throw new InvalidOperationException($"{EnvironmentVariable}: {error}");
        }

        return (NpgsqlDataSource.Create(connectionString), connectionString);
    }
}
