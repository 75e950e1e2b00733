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
/// <c>true</c> jobs. Throughput: runs of independent jobs, all ready at once (jobs/s from first ticket queued to last
/// finished). Queue latency (ticket ready → started, from the queue's own timestamps): one chain of jobs per slot, so the
/// offered load equals the capacity and a ticket never waits behind a backlog. Targets: ≥ 200 jobs/s, p99 &lt; 50 ms.
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
        var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(root, "data"), null, "http://127.0.0.1:9", Math.Max(runs, agents * capacity), jobsPerRun, false,
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

            var slots = agents * capacity;
            // Warm-up: a server runs for days, so what counts is its steady state, not the JIT. Tiered compilation (with
            // dynamic PGO) recompiles hot methods in the background for a long while after start; rounds of 200 jobs (in as many runs as the measured phase) go on
            // until a round spends under 3% of its time compiling (at most 8 rounds), and the JIT time left in the measured
            // phase is printed with it.
            var warmRuns = 0;
            for (var round = 1; round <= 8; round++)
            {
                var jit = System.Runtime.JitInfo.GetCompilationTime();
                var roundClock = Stopwatch.StartNew();
                // Runs of the measured phase's shape, so that the code paths run once per run (start, finish) reach tier 1
                // too, not only those run once per job.
                await SubmitAsync(http, runs, Math.Max(1, 200 / runs), chained: false);
                warmRuns += runs;
                await WaitForRunsAsync(server, warmRuns, TimeSpan.FromMinutes(2));
                var share = (System.Runtime.JitInfo.GetCompilationTime() - jit) / roundClock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round {round}: {roundClock.Elapsed.TotalSeconds:F1} s, {share:P1} of it in the JIT"));
                if (share < 0.03)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {round} round(s) of 200 jobs; the last spent {share:P1} of its time in the JIT"));
                    break;
                }
            }

            var warmTickets = (await TicketsAsync(server.Storage.Jobs)).Count;

            Console.WriteLine($"dispatch: {agents} agents x capacity {capacity}, SQLite, real HTTP on {server.Address}");

            // 1. Throughput: every job of every run is ready at once (a backlog far above the slots), so the slots never
            // idle for lack of work. The wait of a ticket here is mostly its place in the backlog, not dispatch latency.
            var clock = Stopwatch.StartNew();
            var cpu = Cpu();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var gcsBefore = GC.CollectionCount(0);
            await SubmitAsync(http, runs, jobsPerRun, chained: false);
            var finished = await WaitForRunsAsync(server, warmRuns + runs, TimeSpan.FromMinutes(10));
            var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var gcs = GC.CollectionCount(0) - gcsBefore;
            var wall = clock.Elapsed;
            var (engineCpu, childCpu) = Cpu() - cpu;
            var tickets = (await TicketsAsync(server.Storage.Jobs)).Skip(warmTickets).ToList();
            var succeeded = tickets.Count(t => t.State == DispatchState.Succeeded);
            var span = tickets.Count == 0 ? wall : tickets.Max(t => t.FinishedAt ?? t.QueuedAt) - tickets.Min(t => t.QueuedAt);
            var rate = succeeded / span.TotalSeconds;
            var backlog = Latencies(tickets);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput: {runs} runs x {jobsPerRun} independent `true` jobs, all ready at once: {succeeded:N0} of {tickets.Count:N0} succeeded in {span.TotalSeconds:F1} s = {rate:F0} jobs/s (wall {wall.TotalSeconds:F1} s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  backlog wait (queued -> started, {tickets.Count} tickets on {slots} slots, so mostly queueing by construction): p50 {Percentile(backlog, 0.5):F1} ms, p99 {Percentile(backlog, 0.99):F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU per job (independent of how busy the machine is): server + agents {engineCpu.TotalMilliseconds / tickets.Count:F2} ms, step processes {childCpu.TotalMilliseconds / tickets.Count:F2} ms; 2 cores allow {2000.0 / ((engineCpu + childCpu).TotalMilliseconds / tickets.Count):F0} jobs/s at this cost; JIT in this phase {jitTime.TotalMilliseconds:F0} ms; allocated {allocated / 1024.0 / tickets.Count:F0} KiB per job, {gcs} GCs"));

            // 2. Queue latency as the issue defines it (ticket ready -> started) at a load the slots sustain: one chain
            // per slot, each job needing the one before, so a ticket is queued only when its job is ready and never more
            // tickets are ready than there are slots. What remains is the dispatch path itself: enqueue -> claim wake-up
            // -> lease, and finish -> orchestrator wake-up -> next enqueue.
            var before = (await TicketsAsync(server.Storage.Jobs)).Count;
            var chainLength = Math.Max(1, runs * jobsPerRun / slots);
            await SubmitAsync(http, slots, chainLength, chained: true);
            finished &= await WaitForRunsAsync(server, warmRuns + runs + slots, TimeSpan.FromMinutes(10));
            var chained = (await TicketsAsync(server.Storage.Jobs)).Skip(before).ToList();
            var latencies = Latencies(chained);
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"latency: {slots} chains (one per slot) x {chainLength} `true` jobs: {chained.Count(t => t.State == DispatchState.Succeeded):N0} of {chained.Count:N0} succeeded"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  queue latency (ticket queued when ready -> started): p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies.LastOrDefault():F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target >= 200 jobs/s: {(rate >= 200 ? "met" : "NOT met")}; target p99 < 50 ms: {(p99 < 50 ? "met" : "NOT met")}; runs finished: {(finished ? "all" : "NOT all")}"));
            await stop.CancelAsync();
            foreach (var (client, task) in workers)
            {
                await task;
                client.Dispose();
            }

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

    /// <summary>Ad-hoc runs of <c>true</c> jobs: independent, or a chain (each job needs the one before).</summary>
    private static async Task SubmitAsync(HttpClient http, int runs, int jobs, bool chained)
    {
        for (var r = 0; r < runs; r++)
        {
            var orders = Enumerable.Range(1, jobs)
                .Select(j => new { id = $"j{j}", run = "true", needs = chained && j > 1 ? new[] { $"j{j - 1}" } : Array.Empty<string>() }).ToArray();
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

            await Task.Delay(100);
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

    private static double[] Latencies(IEnumerable<DispatchedJob> tickets) =>
        tickets.Where(t => t.StartedAt is not null).Select(t => (t.StartedAt!.Value - t.QueuedAt).TotalMilliseconds).Order().ToArray();

    /// <summary>CPU time of this process (server and agents) and of its waited-for children (the step processes).</summary>
    private static CpuTimes Cpu() => new(Process.GetCurrentProcess().TotalProcessorTime, RunDag.ChildCpu.Total());

    private readonly record struct CpuTimes(TimeSpan Engine, TimeSpan Children)
    {
        public static CpuTimes operator -(CpuTimes a, CpuTimes b) => new(a.Engine - b.Engine, a.Children - b.Children);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
