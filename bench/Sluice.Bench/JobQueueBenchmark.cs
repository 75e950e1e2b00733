using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Bench;

/// <summary>
/// The durable job queue under contention, on a temp SQLite file and, when a PostgreSQL superuser connection is given
/// (<c>--postgres</c> or <c>SLUICE_TEST_POSTGRES</c>), on a throwaway database of that cluster. Per database: enqueues N
/// tickets, lets C claimers (each a queue instance of its own, as separate servers) claim and complete them all, and
/// checks every ticket was claimed exactly once; then measures how long a waiter on one instance takes to wake after
/// another instance enqueues (the in-process signal on SQLite, LISTEN/NOTIFY on PostgreSQL). Target: wake p99 &lt; 50 ms.
/// </summary>
internal static class JobQueueBenchmark
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var tickets = Option(args, "--tickets", 2000);
        var claimers = Option(args, "--claimers", 8);
        var wakes = Option(args, "--wakes", 50);
        var postgres = Text(args, "--postgres") ?? Environment.GetEnvironmentVariable("SLUICE_TEST_POSTGRES");
        var ok = true;

        var dir = Path.Combine(Path.GetTempPath(), "sluice-bench-queue-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "sluice.db");
            ok &= await MeasureAsync("sqlite", () => new SqliteJobQueue(file, TimeProvider.System), tickets, claimers, wakes);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        if (string.IsNullOrWhiteSpace(postgres) || postgres == "off")
        {
            Console.WriteLine("postgres: skipped (no --postgres and no SLUICE_TEST_POSTGRES)");
            return ok ? 0 : 1;
        }

        if (!PostgresConnectionString.TryParse(postgres, out var admin, out var error))
        {
            Console.Error.WriteLine($"--postgres: {error}");
            return 2;
        }

        var name = "sluice_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var adminSource = NpgsqlDataSource.Create(admin);
        await using (var create = adminSource.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            ok &= await MeasureAsync("postgres", () => new PostgresJobQueue(connectionString, TimeProvider.System), tickets, claimers, wakes);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = adminSource.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(string label, Func<IJobQueue> open, int tickets, int claimerCount, int wakes)
    {
        await using var main = open();
        await main.MigrateAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < tickets; i++)
        {
            await main.EnqueueAsync(Ticket($"job{i}", i % 2 == 0 ? ["linux"] : []), T0.AddMilliseconds(i), CancellationToken.None);
        }

        var enqueueRate = tickets / clock.Elapsed.TotalSeconds;
        var claimers = Enumerable.Range(0, claimerCount).Select(_ => open()).ToList();
        var claimed = new ConcurrentBag<long>();
        clock.Restart();
        await Task.WhenAll(claimers.Select((queue, n) => Task.Run(async () =>
        {
            while (await queue.ClaimAsync($"w{n}", ["linux"], TimeSpan.FromMinutes(1), T0.AddSeconds(10), CancellationToken.None) is { } job)
            {
                claimed.Add(job.Id);
                await queue.CompleteAsync(job.Id, job.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(11), CancellationToken.None);
            }
        })));
        var claimSeconds = clock.Elapsed.TotalSeconds;
        var once = claimed.Count == tickets && claimed.Distinct().Count() == tickets;

        var other = claimers[0];
        var latencies = new List<double>();
        for (var i = 0; i < wakes + 1; i++)
        {
            // Settle the first (possibly spurious) wake-up of a fresh listener before measuring.
            await main.WaitAsync(TimeSpan.FromMilliseconds(i == 0 ? 500 : 20), CancellationToken.None);
            var waiting = main.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            await Task.Delay(5);
            var start = Stopwatch.GetTimestamp();
            await other.EnqueueAsync(Ticket($"wake{i}", []), T0, CancellationToken.None);
            await waiting;
            if (i > 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        foreach (var claimer in claimers)
        {
            await claimer.DisposeAsync();
        }

        var sorted = latencies.Order().ToArray();
        var p99 = Percentile(sorted, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: enqueue {tickets:N0} at {enqueueRate:N0}/s; {claimerCount} claimers claimed+completed {claimed.Count:N0} in {claimSeconds:F2} s = " +
            $"{claimed.Count / claimSeconds:N0}/s, each exactly once: {(once ? "yes" : "NO")}; wake after another instance's enqueue " +
            $"(enqueue commit included) p50 {Percentile(sorted, 0.5):F1} ms, p99 {p99:F1} ms, max {sorted.LastOrDefault():F1} ms (target p99 < 50 ms)"));
        return once && p99 < 50;
    }

    private static JobTicket Ticket(string key, string[] labels) =>
        new("bench", 1, key, labels, "{}", 1, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
