using Npgsql;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>
/// The PostgreSQL cluster the tests run against: <c>SLUICE_TEST_POSTGRES</c>, a connection string (URL or key=value) to
/// a superuser on a throwaway cluster. <c>./test.sh</c> starts one with <c>scripts/postgres.sh</c> and sets it. Unset,
/// every PostgreSQL test fails with <see cref="MissingMessage"/>: they are never skipped silently. Set to <c>off</c>, the
/// test project is built without them (see the csproj), so this class is never reached.
/// </summary>
internal static class PostgresTestCluster
{
    public const string EnvironmentVariable = "SLUICE_TEST_POSTGRES";

    public const string MissingMessage =
        $"{EnvironmentVariable} is not set. The PostgreSQL store tests need a cluster: run ./test.sh (it starts a throwaway one), " +
        $"or `export {EnvironmentVariable}=$(scripts/postgres.sh start)`, or give a superuser connection string " +
        $"(postgres://postgres@127.0.0.1:5432/postgres). {EnvironmentVariable}=off builds the tests without them.";

    private static readonly Lazy<(NpgsqlDataSource Admin, string ConnectionString)> Cluster = new(Connect);

    /// <summary>Creates an empty database with a random name (the template's encoding and locale, or those given).</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync(string options = "STRATEGY = FILE_COPY")
    {
        var (admin, connectionString) = Cluster.Value;
        var name = "sluice_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var command = admin.CreateCommand($"CREATE DATABASE {name} {options}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>Drops the database, closing any connection still open on it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        await using var command = Cluster.Value.Admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    private static (NpgsqlDataSource, string) Connect()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(MissingMessage);
        }

        if (!PostgresConnectionString.TryParse(value, out var connectionString, out var error))
        {
            throw new InvalidOperationException($"{EnvironmentVariable}: {error}");
        }

        return (NpgsqlDataSource.Create(connectionString), connectionString);
    }
}
