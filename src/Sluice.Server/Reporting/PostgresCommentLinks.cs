using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Reporting;

/// <summary><see cref="ICommentLinks"/> on PostgreSQL (table <c>pr_comments</c>).</summary>
internal sealed class PostgresCommentLinks(PostgresDatabase database) : ICommentLinks
{
    public Task<IReadOnlyDictionary<int, long>> GetAsync(long queueId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<int, long>>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT part, comment_id FROM pr_comments WHERE queue_id = @q", ("q", queueId));
            return (await ReadAllAsync(command, r => (r.GetInt32(0), r.GetInt64(1)), ct)).ToDictionary(p => p.Item1, p => p.Item2);
        }, cancellationToken);

    public Task SetAsync(long queueId, int part, long commentId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, """
            INSERT INTO pr_comments (queue_id, part, comment_id) VALUES (@q, @part, @id)
            ON CONFLICT (queue_id, part) DO UPDATE SET comment_id = excluded.comment_id
            """, ct, ("q", queueId), ("part", part), ("id", commentId)), cancellationToken);
}
