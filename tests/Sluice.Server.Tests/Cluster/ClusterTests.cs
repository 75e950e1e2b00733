using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Agents;
using Sluice.Server.Tests.Support;
using Xunit.Abstractions;

namespace Sluice.Server.Tests.Cluster;

/// <summary>
/// Issue 5's cluster test with real processes: two <c>sluice serve</c> on one fresh PostgreSQL database in agent mode
/// (local capacity 0, 5 s leases swept every 0.5 s, 3 s heartbeat timeout) and three <c>sluice agent</c>; six seeded
/// random DAGs of 50 jobs each (chains, fan-outs, fan-ins) started through both servers' API. One agent is SIGKILLed
/// (with its step) mid-job: the job is re-leased and completes on another agent within lease + sweep + its own time.
/// Then one server is SIGKILLed while it orchestrates runs: the other resumes them after the heartbeat timeout. Every
/// job's step writes start/end marks to a file of its own: each completed exactly once, never before its needs ended.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Runs = 6;
    private const int JobsPerRun = 50;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Sweep = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SlowJobAfterKill = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TwoServersThreeAgents_300Jobs_AgentAndServerKilled_EveryJobRunsOnceAfterItsNeeds()
    {
        var wall = Stopwatch.StartNew();
        await using var cluster = await ServerCluster.CreateAsync();
        var marks = Path.Combine(cluster.Root, "marks");
        Directory.CreateDirectory(marks);
        var dags = Enumerable.Range(0, Runs).Select(i => ClusterDag.Generate($"p{i}", JobsPerRun, 5, 2026 + i, marks, slowRoot: i == 0)).ToList();
        cluster.Repo.Commit("pipelines", dags.Select(d => ($".sluice/{d.Name}.yml", d.Yaml())).ToArray());
        output.WriteLine($"{dags.Sum(d => d.Needs.Count)} jobs in {Runs} runs; longest chains {string.Join(",", dags.Select(d => d.Depth))}; fan-ins {dags.Sum(d => d.FanIns)}, fan-outs {dags.Sum(d => d.FanOuts)}");

        await using var observer = await ServerStorage.OpenAsync(cluster.Config(9), TimeProvider.System, CancellationToken.None);
        await using var database = NpgsqlDataSource.Create(cluster.Database.ConnectionString);
        var configs = new[] { "a", "b" }.Select(n => WriteConfig(cluster, n)).ToList();
        var started = await Task.WhenAll(configs.Select(c => ServerProcess.StartAsync(c)));
        using var serverA = started[0];
        using var serverB = started[1];

        // Agent 3 starts alone, so it is the one holding p0's slow root job when it is killed.
        using var agent3 = await AgentProcess.StartAsync(serverB.Address, AgentHarness.Token, "agent-3", "--capacity", "1");
        var sinceFirstRun = Stopwatch.StartNew();
        var queueIds = new List<long> { await StartRunAsync(serverB.Address, "p0") };
        var slowKey = dags[0].SlowJob!;
        await WaitUntilAsync(() => JobMarks.Read(Path.Combine(marks, slowKey)).Starts.Count == 1, "the slow job never started");
        var holder = await TicketAsync(database, slowKey);
        holder.Worker.ShouldBe("agent-3", "agent 3 was the only agent");

        // Agents 1 and 2 register while the slow job sleeps (60 s on its first attempt), so the re-lease finds them.
        var agents = await Task.WhenAll(
            AgentProcess.StartAsync(serverA.Address, AgentHarness.Token, "agent-1", "--capacity", "4"),
            AgentProcess.StartAsync(serverA.Address, AgentHarness.Token, "agent-2", "--capacity", "4"));
        using var agent1 = agents[0];
        using var agent2 = agents[1];
        await File.WriteAllTextAsync(dags[0].KilledFlag!, "");
        agent3.KillWithSteps();
        var killedAt = TimeProvider.System.GetUtcNow();
        JobMarks.Read(Path.Combine(marks, slowKey)).Ends.ShouldBeEmpty("the slow job was killed mid-step");
        for (var i = 1; i < Runs; i++)
        {
            queueIds.Add(await StartRunAsync((i % 2 == 0 ? serverB : serverA).Address, dags[i].Name));
        }

        var released = await WaitForTicketAsync(database, slowKey, t => t.State is "Succeeded" or "Failed" or "Cancelled", seconds: 60);
        released.State.ShouldBe("Succeeded", $"{released}\nagent-1:\n{agent1.Output}\nagent-2:\n{agent2.Output}");
        // From the kill to the ticket's end as the server stored it (one clock: same host), not to when this test saw it:
        // the calls above that start the other runs are no part of the re-lease.
        var releaseTime = released.FinishedAt!.Value - killedAt;
        output.WriteLine($"agent 3 SIGKILLed mid-job: {slowKey} re-leased to {released.Worker} (attempt {released.Attempt}) and completed {releaseTime.TotalSeconds:0.0} s after the kill (lease {Lease.TotalSeconds} s + sweep {Sweep.TotalSeconds} s + job {SlowJobAfterKill.TotalSeconds} s); re-queued {(released.RequeuedAt - killedAt)?.TotalSeconds:0.0} s after the kill, claimed {released.Requeued:0.00} s after that, {released.Ran:0.0} s from the claim to its end");

        // Server B dies while it orchestrates runs; A must take them over once B's heartbeat lease runs out.
        var ownerB = ProcessLiveness.OwnerOf(serverB.Id)!;
        var orphaned = (await observer.Queue.ListAsync(new QueueQuery(1000), CancellationToken.None))
            .Where(i => queueIds.Contains(i.Id) && !i.IsTerminal && i.Owner?.StartsWith(ownerB + "#", StringComparison.Ordinal) == true).Select(i => i.Id).ToList();
        serverB.Kill();
        var sinceServerKill = Stopwatch.StartNew();
        await ServerCluster.WaitForQueueAsync(observer, items => orphaned.All(id => items.Single(i => i.Id == id) is { } item && (item.IsTerminal || item.Owner?.StartsWith(ownerB, StringComparison.Ordinal) == false)), seconds: 60);
        var takeover = sinceServerKill.Elapsed;
        var items = (await ServerCluster.WaitForQueueAsync(observer, all => queueIds.All(id => all.Single(i => i.Id == id).IsTerminal), seconds: 90)).Where(i => queueIds.Contains(i.Id)).ToList();
        var finished = sinceServerKill.Elapsed;
        var jobCount = dags.Sum(d => d.Needs.Count);
        output.WriteLine($"server B SIGKILLed owning {orphaned.Count} unfinished run(s): taken over by A after {takeover.TotalSeconds:0.0} s (heartbeat timeout 3 s; on one host a dead pid is seen at once), all runs finished {finished.TotalSeconds:0.0} s after the kill");
        output.WriteLine($"{jobCount} jobs, {sinceFirstRun.Elapsed.TotalSeconds:0.0} s from the first run's start to the last run's end; wall time {wall.Elapsed.TotalSeconds:0.0} s (set-up included)");

        holder.Attempt.ShouldBe(1);
        released.Attempt.ShouldBe(2);
        released.Worker.ShouldNotBe("agent-3");
        releaseTime.ShouldBeLessThan(Lease + Sweep + SlowJobAfterKill + TimeSpan.FromSeconds(6), "lease + sweep interval + the job's own run time + margin for a loaded machine (job set-up; the re-queued ticket keeps its place in the queue)");
        orphaned.ShouldNotBeEmpty("server B orchestrated runs when it was killed");
        foreach (var item in items)
        {
            item.State.ShouldBe(QueueState.Succeeded, $"{item.Id} {item.PipelineId}: {item.Reason}");
            (await observer.Runs.GetRunAsync(item.RunId!.Value, CancellationToken.None))!.State.ShouldBe(RunState.Succeeded);
            var jobs = await observer.Runs.GetJobsAsync(item.RunId.Value, CancellationToken.None);
            jobs.Count.ShouldBe(JobsPerRun);
            jobs.Where(j => j.State != JobState.Succeeded).Select(j => $"{j.Key} {j.State} {j.Reason}").ShouldBeEmpty();
        }

        await AssertMarksAsync(database, dags, marks);
    }

    /// <summary>Every job completed exactly once (a start without end only for a re-leased attempt), never before its needs ended.</summary>
    private static async Task AssertMarksAsync(NpgsqlDataSource database, IReadOnlyList<ClusterDag> dags, string marks)
    {
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand("SELECT job_key, MAX(attempt) FROM dispatch_jobs GROUP BY job_key"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                attempts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var all = dags.SelectMany(d => d.Needs.Keys).ToDictionary(k => k, k => JobMarks.Read(Path.Combine(marks, k)), StringComparer.Ordinal);
        all.Where(j => j.Value.Ends.Count != 1).Select(j => $"{j.Key}: {j.Value.Ends.Count} ends").ShouldBeEmpty("every step ran to completion exactly once");
        all.Where(j => j.Value.Starts.Count > attempts.GetValueOrDefault(j.Key, 1)).Select(j => $"{j.Key}: {j.Value.Starts.Count} starts").ShouldBeEmpty("an extra start only for a re-leased job");
        all.Where(j => j.Value.LastStart > j.Value.End).Select(j => j.Key).ShouldBeEmpty();
        var early = dags.SelectMany(d => d.Needs).SelectMany(job => job.Value.Where(need => all[job.Key].Starts[0] < all[need].End).Select(need => $"{job.Key} started before {need} ended"));
        early.ShouldBeEmpty();
    }

    private static string WriteConfig(ServerCluster cluster, string name)
    {
        var file = Path.Combine(cluster.Root, name + ".yml");
        File.WriteAllText(file, $"""
            listen: http://127.0.0.1:0
            data-dir: {Path.Combine(cluster.Root, "data-" + name)}
            shared-dir: {Path.Combine(cluster.Root, "shared")}
            database: {cluster.Database.Url}
            heartbeat-interval: 300ms
            heartbeat-timeout: 3s
            runs:
              max-concurrent: {Runs}
              max-parallel-jobs: 10
            github:
              api-url: {cluster.GitHub.Url}
            api-tokens:
              test: {ServerHarness.ApiToken}
            agents:
              tokens:
                test: {AgentHarness.Token}
              local-capacity: 0
              lease: {Lease.TotalSeconds}s
              sweep-interval: {Sweep.TotalMilliseconds}ms
              pickup-limit: 120s
              max-claim-wait: 2s
            repos:
              - name: {Payloads.Repository}
                clone-url: {cluster.Repo.Path}
                webhook-secret: "{ServerHarness.Secret}"
                token: gh-token
            """);
        return file;
    }

    private static async Task<long> StartRunAsync(string server, string pipeline)
    {
        using var http = ServerCluster.Client(server);
        using var response = await http.PostAsJsonAsync("/api/runs", new { repository = Payloads.Repository, pipeline });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!["queueId"]!.GetValue<long>();
    }

    /// <param name="Requeued">Seconds from the re-queue to the last claim; <paramref name="Ran"/>: from that claim to the end.</param>
    private sealed record Ticket(string State, string? Worker, int Attempt, string? Reason, double? Requeued = null, double? Ran = null,
        DateTimeOffset? RequeuedAt = null, DateTimeOffset? FinishedAt = null);

    private static async Task<Ticket> TicketAsync(NpgsqlDataSource database, string jobKey)
    {
        const string Sql = """
            SELECT state, worker, attempt, reason,
                   EXTRACT(EPOCH FROM started_at - requeued_at)::float8, EXTRACT(EPOCH FROM finished_at - started_at)::float8, requeued_at, finished_at
            FROM dispatch_jobs WHERE job_key = $1
            """;
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue(jobKey);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new Ticket(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7))
            : new Ticket("none", null, 0, null);
    }

    private static async Task<Ticket> WaitForTicketAsync(NpgsqlDataSource database, string jobKey, Func<Ticket, bool> condition, int seconds)
    {
        var clock = Stopwatch.StartNew();
        var ticket = await TicketAsync(database, jobKey);
        while (!condition(ticket))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"ticket of {jobKey} stayed {ticket}");
            }

            await Task.Delay(50);
            ticket = await TicketAsync(database, jobKey);
        }

        return ticket;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(50);
        }
    }
}
