using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Hosting;

/// <summary><see cref="IServerLeases"/> on the server's SQLite file (table <c>servers</c>).</summary>
internal sealed class SqliteServerLeases(SqliteDatabase database) : IServerLeases
{
    public async Task<bool> BeatAsync(string owner, string? baseUrl, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, """
            INSERT INTO servers (owner, base_url, started_at, heartbeat_at) VALUES ($owner, $url, $at, $at)
            ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, base_url = COALESCE(excluded.base_url, servers.base_url)
            WHERE servers.heartbeat_at > 0
            """, ct, ("$owner", owner), ("$url", baseUrl), ("$at", SqliteRows.ToDb(at))), cancellationToken) > 0;

    public async Task<bool> EndExpiredAsync(string owner, DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, "UPDATE servers SET heartbeat_at = 0 WHERE owner = $owner AND heartbeat_at < $older",
            ct, ("$owner", owner), ("$older", SqliteRows.ToDb(olderThan))), cancellationToken) > 0;

    public Task ReleaseAsync(string owner, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, "UPDATE servers SET heartbeat_at = 0 WHERE owner = $owner", ct, ("$owner", owner)), cancellationToken);

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> GetHeartbeatsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, DateTimeOffset>>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT owner, heartbeat_at FROM servers");
            return (await ReadAllAsync(command, r => (r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))), ct))
                .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        }, cancellationToken);
}
