using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;

namespace Sluice.Server.Hosting;

/// <summary>
/// On PostgreSQL, wakes this server's inbox processor and dispatcher when any server stored a delivery or queued a
/// run: one connection LISTENs on <see cref="PostgresInbox.Channel"/> and <see cref="PostgresQueueWrites.Channel"/>
/// (notified inside the writing transactions, so a wake-up always follows a commit) and releases
/// <see cref="InboxSignal"/>/<see cref="QueueSignal"/>. Polling stays the fallback: a notification lost while the
/// connection is re-established only delays the work by one poll. Does nothing on SQLite.
/// </summary>
internal sealed class PostgresWakeUps(ServerStorage storage, InboxSignal inbox, QueueSignal queue, TimeProvider time, ILogger<PostgresWakeUps> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Postgres is not { } database)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresInbox.Channel}; LISTEN {PostgresQueueWrites.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed before LISTEN took effect was not notified: look once.
                inbox.Notify();
                queue.Notify();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "listening for PostgreSQL notifications failed; polling until it reconnects");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PostgresInbox.Channel)
        {
            inbox.Notify();
        }
        else
        {
            queue.Notify();
        }
    }
}
