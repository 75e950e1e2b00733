using Npgsql;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// <c>LISTEN sluice_jobs</c> on a dedicated connection, releasing a <see cref="QueueSignal"/> on every notification, so a
/// waiter wakes within milliseconds of a commit by any process on the database. Started on first use. When the
/// connection breaks (server restart, network, a terminated backend) it reconnects with a growing pause (up to 5 s),
/// and releases the signal on every (re)connect and failure: notifications sent while it was not listening are lost, so
/// waiters re-read. Polling by the waiters' timeouts stays the fallback throughout.
/// </summary>
internal sealed class PostgresQueueListener : IAsyncDisposable
{
    public const string Channel = "sluice_jobs";

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource dataSource;
    private readonly QueueSignal signal;
    private readonly TimeProvider timeProvider;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private Task? loop;
    private int connects;

    public PostgresQueueListener(string connectionString, QueueSignal signal, TimeProvider timeProvider)
    {
        // Its own unpooled connection: it stays open for the life of the queue and must not hold a pool slot.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "sluice";
        }

        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        this.signal = signal;
        this.timeProvider = timeProvider;
    }

    /// <summary>How many times LISTEN succeeded (1 after the first start; more after reconnects).</summary>
    public int Connects => Volatile.Read(ref connects);

    public void EnsureStarted()
    {
        lock (gate)
        {
            if (loop is null && !stop.IsCancellationRequested)
            {
                loop = Task.Run(() => ListenAsync(stop.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            stop.Cancel();
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }

        stop.Dispose();
        await dataSource.DisposeAsync();
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var pause = FirstPause;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => signal.Release();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                Interlocked.Increment(ref connects);
                pause = FirstPause;
                signal.Release();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Lost the connection (or never got it), whatever the cause: the listener must outlive it. Wake
                // waiters to re-read, then try again after a pause.
                signal.Release();
            }

            try
            {
                await Task.Delay(pause, timeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = pause * 2 > LongestPause ? LongestPause : pause * 2;
        }
    }
}
