using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Storage;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;
using Xunit.Abstractions;

namespace Sluice.Server.Tests.Hosting;

/// <summary>
/// Fencing with two real <c>sluice serve</c> processes on one PostgreSQL database: a server that stalls past its
/// lease (SIGSTOP) while another resumes its run must, once it wakes up (SIGCONT), stop that run without recording
/// anything and without running any job of it again. Jobs count their executions in files outside the workspaces.
/// </summary>
public sealed class MultiServerFencingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServerCluster cluster = null!;

    private string Go => Path.Combine(cluster.Root, "go");

    public async Task InitializeAsync() => cluster = await ServerCluster.CreateAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    private string Count(string job) => Path.Combine(cluster.Root, job + ".count");

    /// <summary><c>one</c> waits for the <c>go</c> file, then counts itself; <c>two</c> (after it) counts itself.</summary>
    private string GatedPipeline => $"""
        name: gated
        on:
          push: {"{}"}
        jobs:
          one:
            run: while [ ! -f '{Go}' ]; do sleep 0.1; done; echo "run $SLUICE_RUN_ID" >> '{Count("one")}'
          two:
            needs: [one]
            run: echo "run $SLUICE_RUN_ID" >> '{Count("two")}'
        """;

    [Fact]
    public async Task ServerPausedPastItsLease_StopsTheRunAnotherServerResumed_WhenItWakes_AndEveryJobRunsOnce()
    {
        var sha = cluster.Repo.Commit("gated", (".sluice/gated.yml", GatedPipeline));
        await using var observer = await ServerStorage.OpenAsync(cluster.Config(2), TimeProvider.System, CancellationToken.None);
        using var a = await ServerProcess.StartAsync(await WriteConfigAsync(0));
        (await ServerCluster.SendAsync(a.Address, "push", Payloads.Push(sha, created: true), "gated-delivery")).EnsureSuccessStatusCode();
        var claimed = (await ServerCluster.WaitForQueueAsync(observer, i => i.Count == 1 && i[0].RunId is not null))[0];
        var firstRun = claimed.RunId!.Value;
        await WaitForJobAsync(observer, firstRun, "one", JobState.Running);
        using var b = await ServerProcess.StartAsync(await WriteConfigAsync(1));
        try
        {
            await PausedPastTheLeaseAsync(observer, a, b, claimed, firstRun);
        }
        catch (Exception e) when (e is TimeoutException or Shouldly.ShouldAssertException)
        {
            // Both servers' logs say why (who lost which lease when, what ran where).
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- server A:\n{a.Output}\n--- server B:\n{b.Output}", e);
        }
    }

    private async Task PausedPastTheLeaseAsync(ServerStorage observer, ServerProcess a, ServerProcess b, QueueItem claimed, long firstRun)
    {
        await a.PauseAsync();
        var paused = Stopwatch.StartNew();
        var resumed = (await ServerCluster.WaitForQueueAsync(observer, i => IsOwnedBy(i[0], b) && i[0].RunId is { } run && run != firstRun, seconds: 60))[0];
        await WaitForJobAsync(observer, resumed.RunId!.Value, "one", JobState.Running);
        var takenOverAfter = paused.Elapsed;
        await a.ResumeAsync();
        await a.WaitForOutputAsync("lost its lease", TimeSpan.FromSeconds(30));
        await a.WaitForOutputAsync($"queue item {claimed.Id.ToString(CultureInfo.InvariantCulture)} stopped without recording it", TimeSpan.FromSeconds(30));
        var woken = paused.Elapsed;
        await File.WriteAllTextAsync(Go, "");
        var items = await ServerCluster.WaitForQueueAsync(observer, i => i[0].IsTerminal, seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a stray execution on the woken server would show up meanwhile
        output.WriteLine($"paused → resumed on the other server after {takenOverAfter.TotalSeconds:0.0} s (lease 6 s); woken → fenced after {(woken - takenOverAfter).TotalSeconds:0.0} s");

        items[0].State.ShouldBe(QueueState.Succeeded, items[0].Reason);
        IsOwnedBy(items[0], b).ShouldBeTrue(items[0].Owner);
        items[0].RunId.ShouldBe(resumed.RunId);
        File.ReadAllLines(Count("one")).ShouldBe([$"run {resumed.RunId}"], a.Output);
        File.ReadAllLines(Count("two")).ShouldBe([$"run {resumed.RunId}"], a.Output);

        // The woken server's writes to the run it lost were rejected: it reads as the takeover left it.
        (await observer.Runs.GetRunAsync(firstRun, CancellationToken.None))!.State.ShouldBe(RunState.Interrupted);
        (await observer.Runs.GetJobsAsync(firstRun, CancellationToken.None)).Select(j => (j.Key, j.State, j.Reason))
            .ShouldBe([("one", JobState.Cancelled, "interrupted"), ("two", JobState.Cancelled, "interrupted")]);
        (await observer.Runs.GetRunAsync(resumed.RunId!.Value, CancellationToken.None))!.ParentRunId.ShouldBe(firstRun);
        a.Output.ShouldContain("lost its lease");
    }

    private static bool IsOwnedBy(QueueItem item, ServerProcess server) =>
        item.Owner is { } owner && owner.Split(':') is { Length: >= 3 } parts && parts[^2] == server.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The configuration file of server <paramref name="index"/> as a child process: lease 6 s, beat every 0.5 s (a
    /// loaded machine stalls a server for seconds; one that loses its lease to load alone would fence itself too).
    /// </summary>
    private async Task<string> WriteConfigAsync(int index)
    {
        var config = cluster.Config(index);
        var file = Path.Combine(cluster.Root, $"server-{index}.yml");
        await File.WriteAllTextAsync(file, $"""
            listen: http://127.0.0.1:0
            data-dir: {config.DataDir}
            shared-dir: {config.SharedDir}
            database: {cluster.Database.Url}
            heartbeat-interval: 500ms
            heartbeat-timeout: 6s
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
        return file;
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
