using Npgsql;
using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Queue;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Inbox;

/// <summary>
/// <see cref="IInbox"/> on PostgreSQL (table <c>inbox</c>), for several servers on one database. The delivery id is
/// unique, so a delivery posted to two servers is stored once (the second add returns false). An add notifies
/// <see cref="Channel"/> on commit, which wakes every server's inbox processor. Claims serialize on a transaction
/// advisory lock (one server drains at a time, in arrival order) and take rows with <c>FOR UPDATE SKIP LOCKED</c>,
/// so they never wait on a delivery being completed.
/// </summary>
internal sealed class PostgresInbox(PostgresDatabase database) : IInbox
{
    /// <summary>The LISTEN/NOTIFY channel of new deliveries.</summary>
    public const string Channel = "sluice_inbox";

    /// <summary>"sluice" in ASCII, then 0010: the advisory lock of inbox claims (0001 is the migrations').</summary>
    public const long ClaimLockKey = 0x736C_7569_6365_0010;

    private const string Columns = "id, delivery_id, event, repository, body, received_at, state, attempts, outcome";

    public Task<bool> AddAsync(NewDelivery delivery, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var added = await ExecuteAsync(c, tx, """
                INSERT INTO inbox (delivery_id, event, repository, body, received_at, state, attempts)
                VALUES (@id, @event, @repo, @body, @at, 'Pending', 0)
                ON CONFLICT (delivery_id) DO NOTHING
                """, ct, ("id", delivery.DeliveryId), ("event", delivery.Event), ("repo", delivery.Repository), ("body", delivery.Body), ("at", delivery.ReceivedAt)) == 1;
            if (added)
            {
                await PostgresQueueWrites.NotifyAsync(c, tx, Channel, ct);
            }

            return added;
        }, cancellationToken);

    public Task<IReadOnlyList<InboxEntry>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<InboxEntry>>(async (c, tx, ct) =>
        {
            // After the lock, each statement sees every claim committed before: two servers never both start draining.
            await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", ClaimLockKey));
            if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM inbox WHERE state = 'Pending' AND owner IS NOT NULL AND owner <> @owner", ct, ("owner", owner)) > 0)
            {
                return [];
            }

            await using var command = Create(c, tx, $"""
                UPDATE inbox SET owner = @owner
                WHERE id IN (SELECT id FROM inbox WHERE state = 'Pending' ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED)
                RETURNING {Columns}
                """, ("owner", owner), ("limit", limit));
            return (await ReadAllAsync(command, Read, ct)).OrderBy(e => e.Id).ToList();
        }, cancellationToken);

    public async Task<int> ReleaseAbandonedAsync(Func<string, bool> isOwnerAlive, CancellationToken cancellationToken)
    {
        var owners = await database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT DISTINCT owner FROM inbox WHERE state = 'Pending' AND owner IS NOT NULL");
            return await ReadAllAsync(command, r => r.GetString(0), ct);
        }, cancellationToken);
        var released = 0;
        foreach (var owner in owners.Where(o => !isOwnerAlive(o)))
        {
            released += await database.WriteAsync(async (c, tx, ct) =>
            {
                var n = await ExecuteAsync(c, tx, "UPDATE inbox SET owner = NULL WHERE state = 'Pending' AND owner = @owner", ct, ("owner", owner));
                await PostgresQueueWrites.NotifyAsync(c, tx, Channel, ct);
                return n;
            }, cancellationToken);
        }

        return released;
    }

    public Task<EnqueueResult> CompleteAsync(long id, string outcome, IReadOnlyList<QueueRequest> runs, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var changed = await ExecuteAsync(c, tx, "UPDATE inbox SET state = 'Processed', outcome = @outcome, processed_at = @at, attempts = attempts + 1 WHERE id = @id AND state = 'Pending'",
                ct, ("outcome", outcome), ("at", at), ("id", id));
            return changed == 0 ? EnqueueResult.Empty : await PostgresQueueWrites.InsertAllAsync(c, tx, runs, at, ct);
        }, cancellationToken);

    public Task FailAsync(long id, string error, bool final, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
            "UPDATE inbox SET attempts = attempts + 1, outcome = @error, state = @state, processed_at = @at, owner = NULL WHERE id = @id",
            ct, ("error", error), ("state", final ? "Failed" : "Pending"), ("at", at), ("id", id)), cancellationToken);

    public Task<InboxEntry?> FindAsync(string deliveryId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, $"SELECT {Columns} FROM inbox WHERE delivery_id = @id", ("id", deliveryId));
            return (await ReadAllAsync(command, Read, ct)).FirstOrDefault();
        }, cancellationToken);

    public Task<int> CountAsync(InboxState state, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => (int)await ScalarInt64Async(c, null, "SELECT COUNT(*) FROM inbox WHERE state = @state", ct, ("state", state.ToString())), cancellationToken);

    private static InboxEntry Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), PostgresRows.Time(r, 5),
        Enum.Parse<InboxState>(r.GetString(6)), r.GetInt32(7), PostgresRows.NullableString(r, 8));
}
