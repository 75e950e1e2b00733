using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Api;

/// <summary>
/// <see cref="IApiTokenStore"/> on PostgreSQL (table <c>api_tokens</c>). Every server stores the hashes of its own
/// configuration at start; servers of one database are expected to share their API tokens.
/// </summary>
internal sealed class PostgresApiTokenStore(PostgresDatabase database) : IApiTokenStore
{
    public Task SetAsync(string name, string sha256, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM api_tokens WHERE token_sha256 = @hash AND name <> @name", ct, ("hash", sha256), ("name", name));
            return await ExecuteAsync(c, tx, """
                INSERT INTO api_tokens (name, token_sha256, created_at) VALUES (@name, @hash, @at)
                ON CONFLICT (name) DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at
                WHERE api_tokens.token_sha256 <> excluded.token_sha256
                """, ct, ("name", name), ("hash", sha256), ("at", at));
        }, cancellationToken);

    public Task<string?> FindAsync(string sha256, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT name FROM api_tokens WHERE token_sha256 = @hash", ("hash", sha256));
            return await command.ExecuteScalarAsync(ct) as string;
        }, cancellationToken);
}
