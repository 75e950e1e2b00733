using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Api;

/// <summary><see cref="IApiTokenStore"/> on the server's SQLite file (table <c>api_tokens</c>).</summary>
internal sealed class SqliteApiTokenStore(SqliteDatabase database) : IApiTokenStore
{
    public Task SetAsync(string name, string sha256, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM api_tokens WHERE token_sha256 = $hash AND name <> $name", ct, ("$hash", sha256), ("$name", name));
            return await ExecuteAsync(c, tx, """
                INSERT INTO api_tokens (name, token_sha256, created_at) VALUES ($name, $hash, $at)
                ON CONFLICT (name) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at
                WHERE api_tokens.token_sha256 <> excluded.token_sha256
                """, ct, ("$name", name), ("$hash", sha256), ("$at", SqliteRows.ToDb(at)));
        }, cancellationToken);

    public Task<string?> FindAsync(string sha256, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT name FROM api_tokens WHERE token_sha256 = $hash", ("$hash", sha256));
            return await command.ExecuteScalarAsync(ct) as string;
        }, cancellationToken);
}
