using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Server.Agents;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;

namespace Sluice.Bench;

/// <summary>
/// <c>dispatch</c>: a server in agent mode (SQLite) and N agents in this process over real HTTP running ad-hoc runs of
/// independent <c>true</c> jobs. Prints jobs/s (first ticket queued to last ticket finished) and queue latency (ticket
/// queued → started, from the queue's own timestamps) p50/p99 against the targets (≥ 200 jobs/s, p99 &lt; 50 ms).
/// </summary>
internal static class DispatchBenchmark
{
    private const string Token = "bench-agent-token-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var agents = Option(args, "--agents", 4);
        var capacity = Option(args, "--capacity", 4);
        var runs = Option(args, "--runs", 8);
        var jobsPerRun = Option(args, "--jobs", 50);
        var root = Path.Combine(Path.GetTempPath(), "sluice-bench-dispatch-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = AgentSettings.Default(new Dictionary<string, string> { ["bench"] = Token }) with { MaxClaimWait = TimeSpan.FromSeconds(5) };
        var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(root, "data"), null, "http://127.0.0.1:9", runs, jobsPerRun, false,
            new Dictionary<string, string> { ["bench"] = Token }, [], TimeSpan.FromHours(1), settings);
        try
        {
            await using var server = await SluiceServer.StartAsync(config, new ServerOptions(TimeProvider.System, Microsoft.Extensions.Logging.LogLevel.Warning), CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(1, agents).Select(i =>
            {
                var client = new AgentClient(new Uri(server.Address), Token);
                var options = new AgentOptions($"bench-{i}", [], capacity, false, Path.Combine(root, $"agent-{i}"), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
                return (client, Task.Run(() => new AgentWorker(client, options, TimeProvider.System, _ => { }).RunAsync(stop.Token, CancellationToken.None)));
            }).ToList();
            using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            await SubmitAsync(http, 1, 8); // warm-up: JIT, connections, the first process spawns
            await WaitForRunsAsync(server, 1, TimeSpan.FromMinutes(2));
            var warmTickets = (await TicketsAsync(server.Storage.Jobs)).Count;

            Console.WriteLine($"dispatch: {agents} agents x capacity {capacity}, {runs} runs x {jobsPerRun} independent `true` jobs, SQLite, real HTTP on {server.Address}");
            var clock = Stopwatch.StartNew();
            await SubmitAsync(http, runs, jobsPerRun);
            var finished = await WaitForRunsAsync(server, runs + 1, TimeSpan.FromMinutes(10));
            var wall = clock.Elapsed;
            await stop.CancelAsync();
            foreach (var (client, task) in workers)
            {
                await task;
                client.Dispose();
            }

            var tickets = (await TicketsAsync(server.Storage.Jobs)).Skip(warmTickets).ToList();
            var latencies = tickets.Where(t => t.StartedAt is not null).Select(t => (t.StartedAt!.Value - t.QueuedAt).TotalMilliseconds).Order().ToArray();
            var span = tickets.Count == 0 ? wall : tickets.Max(t => t.FinishedAt ?? t.QueuedAt) - tickets.Min(t => t.QueuedAt);
            var rate = tickets.Count(t => t.State == DispatchState.Succeeded) / span.TotalSeconds;
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tickets.Count(t => t.State == DispatchState.Succeeded):N0} of {tickets.Count:N0} jobs succeeded in {span.TotalSeconds:F1} s = {rate:F0} jobs/s (wall {wall.TotalSeconds:F1} s, runs finished: {(finished ? "all" : "NOT all")})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"queue latency (queued -> started): p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies.LastOrDefault():F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target >= 200 jobs/s: {(rate >= 200 ? "met" : "NOT met")}; target p99 < 50 ms: {(p99 < 50 ? "met" : "NOT met")}"));
            return finished ? 0 : 1;
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

    private static async Task SubmitAsync(HttpClient http, int runs, int jobs)
    {
        for (var r = 0; r < runs; r++)
        {
            var orders = Enumerable.Range(1, jobs).Select(j => new { id = $"j{j}", run = "true" }).ToArray();
            using var response = await http.PostAsJsonAsync("/api/jobs", new { name = $"bench-{r}", orders });
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<bool> WaitForRunsAsync(RunningServer server, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var items = await server.Storage.Queue.ListAsync(new QueueQuery(1000), CancellationToken.None);
            if (items.Count >= count && items.All(i => i.IsTerminal))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Every ticket by id (ids are dense from 1 on SQLite).</summary>
    private static async Task<List<DispatchedJob>> TicketsAsync(IJobQueue queue)
    {
        var tickets = new List<DispatchedJob>();
        for (long id = 1; await queue.GetAsync(id, CancellationToken.None) is { } ticket; id++)
        {
            tickets.Add(ticket);
        }

        return tickets;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
