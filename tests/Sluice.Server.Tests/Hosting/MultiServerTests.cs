using Sluice.Engine.Storage;
using Xunit.Abstractions;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Hosting;

/// <summary>
/// Several <c>sluice serve</c> on one PostgreSQL database, over real HTTP: a delivery is processed once whichever
/// servers receive it, every queued run is executed by exactly one server, a cron fire time runs once, and a killed
/// server's run is resumed by another once its heartbeat lease runs out. Each job appends a line to a file outside
/// the workspaces, so the executions are counted, not inferred from the queue.
/// </summary>
public sealed class MultiServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServerCluster cluster = null!;

    private string Executions => Path.Combine(cluster.Root, "executions.log");

    public async Task InitializeAsync() => cluster = await ServerCluster.CreateAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private string CountingPipeline(string name, string on, string sleep = "0") => $$"""
        name: {{name}}
        on:
          {{on}}
        jobs:
          count:
            run: sleep {{sleep}}; echo "{{name}} $SLUICE_SHA" | tee -a '{{Executions}}'
        """;

    /// <summary><c>second</c> sleeps a minute unless the data directory of the server running it has a <c>resumed</c> file.</summary>
    private const string SlowPipeline = """
        name: slow
        on:
          push: {}
        jobs:
          first:
            run: echo first
          second:
            needs: [first]
            run: if [ ! -f "$SLUICE_WORKSPACE/../../../resumed" ]; then sleep 60; fi; echo second
        """;

    private string[] ExecutedLines() => File.Exists(Executions) ? File.ReadAllLines(Executions) : [];

    [Fact]
    public async Task SameDelivery_PostedToBothServers_IsProcessedAndExecutedOnce()
    {
        var sha = cluster.Repo.Commit("ci", (".sluice/ci.yml", CountingPipeline("ci", "push: {}")));
        var a = await cluster.StartAsync(0);
        var b = await cluster.StartAsync(1);
        var body = Payloads.Push(sha, created: true);

        var answers = await Task.WhenAll(new[] { a, b, a, b }.Select(s => ServerCluster.SendAsync(s.Address, "push", body, "the-delivery")));
        var texts = await Task.WhenAll(answers.Select(r => r.Content.ReadAsStringAsync()));
        var items = await ServerCluster.WaitForQueueAsync(a, i => i.Count >= 1 && i.All(x => x.IsTerminal));
        await Task.Delay(1500); // several polls and heartbeats: nothing else may start

        texts.Count(t => t.Contains("\"accepted\"", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", texts));
        texts.Count(t => t.Contains("\"duplicate\"", StringComparison.Ordinal)).ShouldBe(3);
        (await b.Storage.Queue.ListAsync(new QueueQuery(100), CancellationToken.None)).ShouldHaveSingleItem().State.ShouldBe(QueueState.Succeeded);
        items.ShouldHaveSingleItem().DeliveryId.ShouldBe("the-delivery");
        ExecutedLines().ShouldBe([$"ci {sha}"]);
    }

    [Fact]
    public async Task ManyDeliveries_SpreadOverTwoServers_EveryRunExecutedExactlyOnce_ByBothServers()
    {
        var sha = cluster.Repo.Commit("ci", (".sluice/ci.yml", CountingPipeline("ci", "push: {}", sleep: "0.3")));
        var a = await cluster.StartAsync(0);
        var b = await cluster.StartAsync(1);
        const int Deliveries = 16;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(i =>
            ServerCluster.SendAsync((i % 2 == 0 ? a : b).Address, "push", Payloads.Push(sha, created: true), $"delivery-{i}")));
        var items = await ServerCluster.WaitForQueueAsync(b, i => i.Count == Deliveries && i.All(x => x.IsTerminal), seconds: 120);
        output.WriteLine($"{Deliveries} runs on two servers in {clock.Elapsed.TotalSeconds:0.0} s; per server: {string.Join(", ", items.GroupBy(i => i.Owner).Select(g => g.Count()))}");

        items.ShouldAllBe(i => i.State == QueueState.Succeeded);
        items.Select(i => i.DeliveryId).Distinct().Count().ShouldBe(Deliveries);
        items.Select(i => i.RunId).Distinct().Count().ShouldBe(Deliveries);
        ExecutedLines().Length.ShouldBe(Deliveries);
        items.Select(i => i.Owner).Distinct().Count().ShouldBe(2, "both servers claim runs");
        (await a.Storage.Runs.ListRunsAsync(new RunQuery(Limit: 100), CancellationToken.None)).Count.ShouldBe(Deliveries);

        // Logs of a run executed by one server are read through the other (the store, not the executing server's memory).
        var executed = items[0];
        using var reader = ServerCluster.Client((executed.Owner == a.Get<ServerIdentity>().Owner ? b : a).Address);
        (await reader.GetStringAsync($"/api/runs/{executed.RunId}/logs?job=count")).ShouldContain($"ci {sha}");

        // Gauges come from the shared database (both servers say the same); counters from each server's own deliveries.
        using var httpA = ServerCluster.Client(a.Address);
        using var httpB = ServerCluster.Client(b.Address);
        var (metricsA, metricsB) = (await MetricsScraper.ScrapeAsync(httpA), await MetricsScraper.ScrapeAsync(httpB));
        metricsA["sluice_runs{state=\"Succeeded\"}"].ShouldBe(Deliveries);
        metricsB["sluice_runs{state=\"Succeeded\"}"].ShouldBe(Deliveries);
        (metricsA["sluice_webhook_deliveries_total{result=\"accepted\"}"], metricsB["sluice_webhook_deliveries_total{result=\"accepted\"}"]).ShouldBe((Deliveries / 2, Deliveries / 2));
        (metricsA["sluice_job_duration_seconds_count"] + metricsB["sluice_job_duration_seconds_count"]).ShouldBe(Deliveries);
    }

    [Fact]
    public async Task CronFireTime_SeenByTwoServers_RunsOnce()
    {
        var time = new FakeTime(new DateTimeOffset(2026, 3, 2, 10, 0, 30, TimeSpan.Zero));
        cluster.Time = time;
        cluster.Repo.Commit("hourly", (".sluice/hourly.yml", CountingPipeline("hourly", "schedule:\n    cron: \"0 * * * *\"")));

        // The clock jumps an hour: leases must not expire on the jump (servers' clocks agree in production).
        var a = await cluster.StartAsync(0, c => c with { HeartbeatTimeout = TimeSpan.FromDays(1) });
        var b = await cluster.StartAsync(1, c => c with { HeartbeatTimeout = TimeSpan.FromDays(1) });
        for (var i = 0; i < 300 && await a.Storage.Schedules.GetLastFireAsync(Payloads.Repository, "hourly", CancellationToken.None) is null; i++)
        {
            await Task.Delay(50);
        }

        time.Now = new DateTimeOffset(2026, 3, 2, 11, 0, 5, TimeSpan.Zero);
        await ServerCluster.WaitForQueueAsync(b, i => i.Count >= 1 && i.All(x => x.IsTerminal));
        await Task.Delay(1500); // several schedule ticks of both servers

        (await a.Storage.Queue.ListAsync(new QueueQuery(100), CancellationToken.None)).ShouldHaveSingleItem().State.ShouldBe(QueueState.Succeeded);
        (await b.Storage.Schedules.GetFiresAsync(Payloads.Repository, "hourly", CancellationToken.None)).ShouldBe([new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero)]);
        ExecutedLines().Length.ShouldBe(1);
    }

    [Fact]
    public async Task ServerKilledDuringALongJob_AnotherServerResumesTheRunAfterTheLeaseRunsOut()
    {
        var sha = cluster.Repo.Commit("slow", (".sluice/slow.yml", SlowPipeline));
        var configFile = Path.Combine(cluster.Root, "a.yml");
        var a = cluster.Config(0);
        await File.WriteAllTextAsync(configFile, $"""
            listen: http://127.0.0.1:0
            data-dir: {a.DataDir}
            shared-dir: {a.SharedDir}
            database: {cluster.Database.Url}
            heartbeat-interval: 300ms
            heartbeat-timeout: 3s
            github:
              api-url: {cluster.GitHub.Url}
            api-tokens:
              test: {ServerHarness.ApiToken}
            repos:
              - name: {Payloads.Repository}
                clone-url: {cluster.Repo.Path}
                webhook-secret: "{ServerHarness.Secret}"
                token: gh-token
            """);
        await using var observer = await ServerStorage.OpenAsync(cluster.Config(2), TimeProvider.System, CancellationToken.None);
        Directory.CreateDirectory(cluster.Config(1).DataDir);
        await File.WriteAllTextAsync(Path.Combine(cluster.Config(1).DataDir, "resumed"), "");
        RunningServer b;
        long firstRun;
        string killedOwner;
        using (var killed = await ServerProcess.StartAsync(configFile))
        {
            (await ServerCluster.SendAsync(killed.Address, "push", Payloads.Push(sha, created: true), "slow-delivery")).EnsureSuccessStatusCode();
            var running = await ServerCluster.WaitForQueueAsync(observer, i => i.Count == 1 && i[0].RunId is not null);
            firstRun = running[0].RunId!.Value;
            killedOwner = running[0].Owner!;
            await WaitForJobAsync(observer, firstRun, "second", JobState.Running);

            // The second server starts while the first lives: its start-up recovery must leave the run alone.
            b = await cluster.StartAsync(1);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            (await observer.Queue.GetAsync(running[0].Id, CancellationToken.None))!.Owner.ShouldBe(killedOwner, "a live server's run is left alone");
            killed.Kill();
        }

        var items = await ServerCluster.WaitForQueueAsync(b, i => i.Count == 1 && i[0].IsTerminal, seconds: 60);
        var resumed = await b.Storage.Runs.GetRunAsync(items[0].RunId!.Value, CancellationToken.None);
        var jobs = await b.Storage.Runs.GetJobsAsync(items[0].RunId!.Value, CancellationToken.None);

        items[0].State.ShouldBe(QueueState.Succeeded, items[0].Reason);
        items[0].Owner.ShouldNotBe(killedOwner);
        (await b.Storage.Runs.GetRunAsync(firstRun, CancellationToken.None))!.State.ShouldBe(RunState.Interrupted);
        resumed!.ParentRunId.ShouldBe(firstRun);
        jobs.Single(j => j.Key == "first").Reason.ShouldBe($"reused from run #{firstRun}");
    }

    [Fact]
    public async Task ServerWhoseHeartbeatStops_IsTakenOverOnceItsLeaseRunsOut_NotBefore()
    {
        var sha = cluster.Repo.Commit("slow", (".sluice/slow.yml", SlowPipeline));
        var a = await cluster.StartAsync(0);
        var running = await RunSlowOnAsync(a, sha);
        var b = await cluster.StartAsync(1);
        Directory.CreateDirectory(cluster.Config(1).DataDir);
        await File.WriteAllTextAsync(Path.Combine(cluster.Config(1).DataDir, "resumed"), "");

        // Alive, same host, but silent: only the lease can tell (as for a server on another machine).
        a.Get<ServerHeartbeat>().Suspend();
        var silent = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var beforeTimeout = await b.Storage.Queue.GetAsync(running.Id, CancellationToken.None);
        var items = await ServerCluster.WaitForQueueAsync(b, i => i.Count == 1 && i[0].IsTerminal, seconds: 60);
        var takenOverAfter = silent.Elapsed;
        output.WriteLine($"heartbeat stopped → run resumed and finished on the other server after {takenOverAfter.TotalSeconds:0.0} s (lease 3 s, beat and recovery every 0.3 s)");

        beforeTimeout!.Owner.ShouldBe(running.Owner, "the lease (3 s) has not run out yet");
        items[0].State.ShouldBe(QueueState.Succeeded, items[0].Reason);
        items[0].Owner.ShouldBe(b.Get<ServerIdentity>().Owner);
        takenOverAfter.ShouldBeGreaterThan(TimeSpan.FromSeconds(2.5));
        (await b.Storage.Runs.GetRunAsync(items[0].RunId!.Value, CancellationToken.None))!.ParentRunId.ShouldBe(running.RunId);
        (await b.Storage.Runs.GetRunAsync(running.RunId!.Value, CancellationToken.None))!.State.ShouldBe(RunState.Interrupted);
    }

    [Fact]
    public async Task CancelThroughTheOtherServer_StopsTheRunWhereItExecutes()
    {
        var sha = cluster.Repo.Commit("slow", (".sluice/slow.yml", SlowPipeline));
        var a = await cluster.StartAsync(0);
        var b = await cluster.StartAsync(1);
        var running = await RunSlowOnAsync(a, sha);
        var other = running.Owner == a.Get<ServerIdentity>().Owner ? b : a;
        using var http = ServerCluster.Client(other.Address);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await http.PostAsync($"/api/queue/{running.Id}/cancel", null)).EnsureSuccessStatusCode();
        var items = await ServerCluster.WaitForQueueAsync(other, i => i.Count == 1 && i[0].IsTerminal, seconds: 30);

        items[0].State.ShouldBe(QueueState.Cancelled, items[0].Reason);
        items[0].Owner.ShouldBe(running.Owner);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the job sleeps 60 s unless cancelled");
        (await other.Storage.Runs.GetJobsAsync(running.RunId!.Value, CancellationToken.None)).Single(j => j.Key == "second").State.ShouldBe(JobState.Cancelled);
    }

    /// <summary>Sends the slow pipeline's push to <paramref name="server"/> and waits until its job <c>second</c> runs there.</summary>
    private static async Task<QueueItem> RunSlowOnAsync(RunningServer server, string sha)
    {
        (await ServerCluster.SendAsync(server.Address, "push", Payloads.Push(sha, created: true), "slow-delivery")).EnsureSuccessStatusCode();
        var running = (await ServerCluster.WaitForQueueAsync(server, i => i.Count == 1 && i[0].RunId is not null))[0];
        await WaitForJobAsync(server.Storage, running.RunId!.Value, "second", JobState.Running);
        return running;
    }

    private static async Task WaitForJobAsync(ServerStorage storage, long runId, string job, JobState state)
    {
        for (var i = 0; i < 600; i++)
        {
            if ((await storage.Runs.GetJobsAsync(runId, CancellationToken.None)).FirstOrDefault(j => j.Key == job)?.State == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {job} of run {runId} never reached {state}");
    }
}
