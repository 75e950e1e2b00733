using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Sluice.Engine.Git;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Inbox;
using Sluice.Server.Webhooks;

namespace Sluice.Bench;

/// <summary>
/// Webhook intake under load: the server in this process on 127.0.0.1 (SQLite, a real git repository), a C# load
/// generator sending signed <c>push</c> deliveries with distinct delivery ids from concurrent connections for N seconds
/// (default 30). Reports accepted deliveries per second and p50/p99 latency of the 202, then waits until the inbox is
/// drained and checks that every accepted delivery produced exactly one queued run (no loss, no duplicate).
/// By default runs are only queued (the dispatcher executes none, so the figures measure intake and planning, not the
/// jobs); <c>--execute</c> lets two runs execute at once meanwhile. Targets: ≥ 2,000 accepted/s and p99 &lt; 25 ms.
/// </summary>
internal static class WebhookBenchmark
{
    private const string Secret = "bench-secret";
    private const string Repository = "bench/app";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 30);
        var connections = Option(args, "--connections", 8);
        var execute = args.Contains("--execute");
        var root = Path.Combine(Path.GetTempPath(), "sluice-bench-webhooks-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var sha = await CreateRepositoryAsync(Path.Combine(root, "origin"));
            var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(root, "data"), null, "http://127.0.0.1:9", execute ? 2 : 0, 2, false,
                new Dictionary<string, string>(), [new RepositoryConfig(Repository, Path.Combine(root, "origin"), "main", Secret, null, RepositoryConfig.DefaultCommenters, false, new Dictionary<string, string>())],
                TimeSpan.FromHours(1));
            await using var server = await SluiceServer.StartAsync(config, new ServerOptions(TimeProvider.System, Microsoft.Extensions.Logging.LogLevel.Warning), CancellationToken.None);
            var body = Encoding.UTF8.GetBytes(PushBody(sha));
            var signature = WebhookSignature.Sign(Secret, body);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(server.Address),
            };

            // Warm-up: the mirror's first fetch, JIT, connection pool.
            await LoadAsync(http, body, signature, connections, TimeSpan.FromSeconds(2), "warm");
            await DrainAsync(server, TimeSpan.FromMinutes(2));

            Console.WriteLine($"webhooks: {connections} connections for {seconds} s against {server.Address} (runs {(execute ? "executed, 2 at once" : "queued only")})");
            var clock = Stopwatch.StartNew();
            var load = await LoadAsync(http, body, signature, connections, TimeSpan.FromSeconds(seconds), "run");
            var elapsed = clock.Elapsed.TotalSeconds;
            var latencies = load.Latencies.Order().ToArray();
            var rate = load.Accepted.Count / elapsed;
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accepted {load.Accepted.Count:N0} in {elapsed:F1} s = {rate:N0}/s; other answers {load.Failures}; latency p50 {p50:F2} ms, p99 {p99:F2} ms, max {latencies.LastOrDefault():F2} ms"));

            var drain = Stopwatch.StartNew();
            var drained = await DrainAsync(server, TimeSpan.FromMinutes(10));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inbox drained in {drain.Elapsed.TotalSeconds:F1} s after the load ({(drained ? "complete" : "TIMED OUT")})"));

            var (runs, perDelivery) = await CountRunsAsync(server.Storage.State.DatabasePath, load.Accepted);
            var exactlyOnce = drained && perDelivery.Count == load.Accepted.Count && perDelivery.Values.All(c => c == 1);
            Console.WriteLine($"queued runs from the measured deliveries: {runs:N0}; every accepted delivery produced exactly one run: {(exactlyOnce ? "yes" : "NO")}"
                + (exactlyOnce ? "" : $" (missing {load.Accepted.Count(d => !perDelivery.ContainsKey(d))}, doubled {perDelivery.Count(p => p.Value > 1)})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target >= 2,000 accepted/s: {(rate >= 2000 ? "met" : "NOT met")}; target p99 < 25 ms: {(p99 < 25 ? "met" : "NOT met")}"));
            return exactlyOnce ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<LoadResult> LoadAsync(HttpClient http, byte[] body, string signature, int connections, TimeSpan duration, string prefix)
    {
        var result = new LoadResult();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var accepted = new List<string>();
            var failures = 0;
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var delivery = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{worker}-{i}");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-GitHub-Event", "push");
                request.Headers.Add("X-GitHub-Delivery", delivery);
                request.Headers.Add(WebhookSignature.Header, signature);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted && text.Contains("\"accepted\"", StringComparison.Ordinal))
                {
                    accepted.Add(delivery);
                }
                else
                {
                    failures++;
                }
            }

            lock (result)
            {
                result.Latencies.AddRange(latencies);
                result.Accepted.AddRange(accepted);
                result.Failures += failures;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return result;
    }

    private static async Task<bool> DrainAsync(RunningServer server, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await server.Storage.Inbox.CountAsync(InboxState.Pending, CancellationToken.None) > 0)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    /// <summary>Queue rows per delivery id, read straight from the database file.</summary>
    private static async Task<(int Runs, Dictionary<string, int> PerDelivery)> CountRunsAsync(string database, List<string> accepted)
    {
        var wanted = accepted.ToHashSet(StringComparer.Ordinal);
        var perDelivery = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery_id, COUNT(*) FROM run_queue WHERE delivery_id LIKE 'run-%' GROUP BY delivery_id";
        await using var reader = await command.ExecuteReaderAsync();
        var runs = 0;
        while (await reader.ReadAsync())
        {
            var count = reader.GetInt32(1);
            runs += count;
            if (wanted.Contains(reader.GetString(0)))
            {
                perDelivery[reader.GetString(0)] = count;
            }
        }

        return (runs, perDelivery);
    }

    private static async Task<string> CreateRepositoryAsync(string path)
    {
        Directory.CreateDirectory(Path.Combine(path, ".sluice"));
        await File.WriteAllTextAsync(Path.Combine(path, ".sluice", "ci.yml"), "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    run: \"true\"\n");
        var git = new GitCli(path);
        foreach (var args in new[] { new[] { "init", "--quiet", "--initial-branch=main" }, ["add", "-A"], ["-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "--quiet", "-m", "ci"] })
        {
            var result = await git.RunAsync(args, CancellationToken.None);
            if (!result.Ok)
            {
                throw new InvalidOperationException(result.Error);
            }
        }

        return (await git.HeadShaAsync(CancellationToken.None))!;
    }

    private static string PushBody(string sha) => $$$"""
        {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"{{{sha}}}","created":true,"deleted":false,"forced":false,
         "commits":[],"head_commit":null,"repository":{"full_name":"{{{Repository}}}","default_branch":"main"},"pusher":{"name":"bench"},"sender":{"login":"bench"}}
        """;

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class LoadResult
    {
        public List<double> Latencies { get; } = [];

        public List<string> Accepted { get; } = [];

        public int Failures { get; set; }
    }
}
