using Microsoft.Data.Sqlite;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Storage;

/// <summary>
/// Applies <see cref="SqliteMigration"/>s: the missing ones, in order, in the caller's IMMEDIATE transaction,
/// each recorded in <c>schema_migrations</c>. Two processes migrating at once serialize on the write lock and
/// the second finds nothing to do; a failing migration rolls back with all the others of that call.
/// </summary>
internal static class SqliteMigrator
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at BIGINT  NOT NULL
        )
        """;

    /// <summary>WAL is a property of the file, set once; it cannot change inside a transaction.</summary>
    public static async Task PrepareAsync(SqliteConnection c, CancellationToken ct)
    {
        await using var command = Create(c, null, "PRAGMA journal_mode = WAL");
        var mode = (string?)await command.ExecuteScalarAsync(ct);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode for {c.DataSource} (journal mode is `{mode}`)");
        }
    }

    public static async Task ApplyAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<SqliteMigration> migrations, DateTimeOffset now, CancellationToken ct)
    {
        await ExecuteAsync(c, tx, CreateTable, ct);
        var applied = (await GetAppliedAsync(c, tx, ct)).Select(m => m.Version).ToHashSet();
        var newest = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > newest)
        {
            throw new InvalidOperationException(
                $"the database {c.DataSource} has schema version {applied.Max()}, newer than this sluice knows ({newest}); use a newer sluice");
        }

        foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(c, tx, migration.Sql, ct);
            await ExecuteAsync(c, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $at)", ct,
                ("$v", migration.Version), ("$n", migration.Name), ("$at", SqliteRows.ToDb(now)));
        }
    }

    public static async Task<IReadOnlyList<(int Version, string Name, DateTimeOffset AppliedAt)>> GetAppliedAsync(SqliteConnection c, SqliteTransaction? tx, CancellationToken ct)
    {
        if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", ct) == 0)
        {
            return [];
        }

        await using var command = Create(c, tx, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
        return await ReadAllAsync(command, r => (r.GetInt32(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), ct);
    }
}
