using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Hosting;

namespace Sluice.Server.Metrics;

/// <summary>
/// Row counts by state of <c>runs</c>, <c>jobs</c> and <c>run_queue</c>, read from the database at scrape time (the same
/// answer from every server of one database). One <c>GROUP BY</c> per table; the SQL is the same on SQLite and PostgreSQL.
/// </summary>
internal sealed class StoreCounts(ServerStorage storage)
{
    /// <summary>State → count for <paramref name="table"/> (one of <c>runs</c>, <c>jobs</c>, <c>run_queue</c>).</summary>
    public Task<IReadOnlyList<(string State, long Count)>> ByStateAsync(string table, CancellationToken cancellationToken)
    {
        if (table is not ("runs" or "jobs" or "run_queue"))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "not a table with states");
        }

        var sql = $"SELECT state, COUNT(*) FROM {table} GROUP BY state ORDER BY state";
        return storage.Runs switch
        {
            SqliteRunStore sqlite => sqlite.Database.ReadAsync<IReadOnlyList<(string, long)>>(async (c, ct) =>
            {
                await using var command = SqliteCommands.Create(c, null, sql);
                return await SqliteCommands.ReadAllAsync(command, r => (r.GetString(0), r.GetInt64(1)), ct);
            }, cancellationToken),
            PostgresRunStore postgres => postgres.Database.ReadAsync<IReadOnlyList<(string, long)>>(async (c, ct) =>
            {
                await using var command = PostgresCommands.Create(c, null, sql);
                return await PostgresCommands.ReadAllAsync(command, r => (r.GetString(0), r.GetInt64(1)), ct);
            }, cancellationToken),
            _ => throw new InvalidOperationException("unknown run store"),
        };
    }
}
