using System.Threading.Channels;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Inbox;

/// <summary>
/// <see cref="IInbox"/> on the server's SQLite file (table <c>inbox</c>). Adds are group-committed: concurrent webhook
/// requests queue their delivery, one writer inserts everything waiting in one transaction and then completes every
/// caller, so the 202 still follows the commit while a burst costs one transaction instead of one each.
/// </summary>
internal sealed class SqliteInbox : IInbox, IAsyncDisposable
{
    private const int MaxBatch = 512;
    private const string Columns = "id, delivery_id, event, repository, body, received_at, state, attempts, outcome";

    private readonly SqliteDatabase database;
    private readonly Channel<(NewDelivery Delivery, TaskCompletionSource<bool> Done)> adds =
        Channel.CreateUnbounded<(NewDelivery, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task writer;

    public SqliteInbox(SqliteDatabase database)
    {
        this.database = database;
        writer = Task.Run(WriteLoopAsync);
    }

    public async Task<bool> AddAsync(NewDelivery delivery, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!adds.Writer.TryWrite((delivery, done)))
        {
            throw new InvalidOperationException("the inbox is closed");
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<InboxEntry>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<InboxEntry>>(async (c, tx, ct) =>
        {
            if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM inbox WHERE state = 'Pending' AND owner IS NOT NULL AND owner <> $owner", ct, ("$owner", owner)) > 0)
            {
                return [];
            }

            await using var command = Create(c, tx, $"""
                UPDATE inbox SET owner = $owner
                WHERE id IN (SELECT id FROM inbox WHERE state = 'Pending' ORDER BY id LIMIT $limit)
                RETURNING {Columns}
                """, ("$owner", owner), ("$limit", limit));
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
            released += await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
                "UPDATE inbox SET owner = NULL WHERE state = 'Pending' AND owner = $owner", ct, ("$owner", owner)), cancellationToken);
        }

        return released;
    }

    public Task<EnqueueResult> CompleteAsync(long id, string outcome, IReadOnlyList<QueueRequest> runs, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var changed = await ExecuteAsync(c, tx, "UPDATE inbox SET state = 'Processed', outcome = $outcome, processed_at = $at, attempts = attempts + 1 WHERE id = $id AND state = 'Pending'",
                ct, ("$outcome", outcome), ("$at", SqliteRows.ToDb(at)), ("$id", id));
            return changed == 0 ? EnqueueResult.Empty : await SqliteQueueWrites.InsertAllAsync(c, tx, runs, at, ct);
        }, cancellationToken);

    public Task FailAsync(long id, string error, bool final, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
            "UPDATE inbox SET attempts = attempts + 1, outcome = $error, state = $state, processed_at = $at, owner = NULL WHERE id = $id",
            ct, ("$error", error), ("$state", final ? "Failed" : "Pending"), ("$at", SqliteRows.ToDb(at)), ("$id", id)), cancellationToken);

    public Task<InboxEntry?> FindAsync(string deliveryId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, $"SELECT {Columns} FROM inbox WHERE delivery_id = $id", ("$id", deliveryId));
            return (await ReadAllAsync(command, Read, ct)).FirstOrDefault();
        }, cancellationToken);

    public Task<int> CountAsync(InboxState state, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => (int)await ScalarInt64Async(c, null, "SELECT COUNT(*) FROM inbox WHERE state = $state", ct, ("$state", state.ToString())), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        adds.Writer.TryComplete();
        await writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(NewDelivery Delivery, TaskCompletionSource<bool> Done)>();
        while (await adds.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && adds.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var inserted = await database.WriteAsync(async (c, tx, ct) =>
                {
                    var results = new bool[batch.Count];
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var d = batch[i].Delivery;
                        results[i] = seen.Add(d.DeliveryId) && await ExecuteAsync(c, tx, """
                            INSERT INTO inbox (delivery_id, event, repository, body, received_at, state, attempts)
                            VALUES ($id, $event, $repo, $body, $at, 'Pending', 0)
                            ON CONFLICT (delivery_id) DO NOTHING
                            """, ct, ("$id", d.DeliveryId), ("$event", d.Event), ("$repo", d.Repository), ("$body", d.Body), ("$at", SqliteRows.ToDb(d.ReceivedAt))) == 1;
                    }

                    return results;
                }, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(inserted[i]);
                }
            }
#pragma warning disable CA1031 // Every waiting request gets the failure (500), the loop goes on for the next ones.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private static InboxEntry Read(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        Enum.Parse<InboxState>(r.GetString(6)), r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8));
}
