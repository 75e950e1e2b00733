using Npgsql;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Applies <see cref="PostgresMigration"/>s: the missing ones, in order, in the caller's transaction, each recorded in
/// <c>schema_migrations</c>. The transaction first takes a transaction-scoped advisory lock
/// (<c>pg_advisory_xact_lock</c>, one fixed key per database), so servers starting at once on one database migrate
/// one after the other: the first applies, the others wait, then find nothing to do. PostgreSQL DDL is
/// transactional, so a failing migration rolls back with every other migration of that call, and the lock is
/// released by the commit or rollback (a crashed server never leaves it held).
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>"sluice" in ASCII, then 0001: the key of the migration lock; other locks of Sluice use other suffixes.</summary>
    public const long LockKey = 0x736C_7569_6365_0001;

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER     PRIMARY KEY,
            name       TEXT        NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL
        )
        """;

    public static async Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<PostgresMigration> migrations, DateTimeOffset now, CancellationToken ct)
    {
        await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", LockKey));
        await ExecuteAsync(c, tx, CreateTable, ct);
        var applied = (await GetAppliedAsync(c, tx, ct)).Select(m => m.Version).ToHashSet();
        var newest = migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > newest)
        {
            throw new InvalidOperationException(
                $"the database {c.Database} has schema version {applied.Max()}, newer than this sluice knows ({newest}); use a newer sluice");
        }

        foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(c, tx, migration.Sql, ct);
            await ExecuteAsync(c, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)", ct,
                ("v", migration.Version), ("n", migration.Name), ("at", now));
        }
    }

    public static async Task<IReadOnlyList<(int Version, string Name, DateTimeOffset AppliedAt)>> GetAppliedAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()", ct) == 0)
        {
            return [];
        }

        await using var command = Create(c, tx, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
        return await ReadAllAsync(command, r => (r.GetInt32(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2).ToUniversalTime()), ct);
    }
}
