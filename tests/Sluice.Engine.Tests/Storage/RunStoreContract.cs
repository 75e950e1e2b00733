using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IRunStore"/> must have, whatever database is behind it. A subclass supplies a
/// fresh, empty store per test (<see cref="CreateStoreAsync"/>); the contract migrates it. Times are whole
/// seconds because stores keep at least millisecond precision, not ticks.
/// Split over several files (partial) by topic: runs and jobs here, steps/logs/artifacts, maintenance.
/// </summary>
public abstract partial class RunStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private IRunStore? store;

    protected static CancellationToken Ct => CancellationToken.None;

    protected IRunStore Store => store ?? throw new InvalidOperationException("not initialized");

    /// <summary>A new store on an empty database, not yet migrated.</summary>
    protected abstract Task<IRunStore> CreateStoreAsync();

    public virtual async Task InitializeAsync()
    {
        store = await CreateStoreAsync();
        await store.MigrateAsync(Ct);
    }

    public virtual async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    protected static NewRun ARun(string pipeline = "ci", DateTimeOffset? createdAt = null, string owner = "host-a:100:5000", string repository = "/repo", long? parent = null) =>
        new(repository, pipeline, pipeline.ToUpperInvariant(), $".sluice/{pipeline}.yml", "push", """{"kind":"push"}""",
            "main", "0123456789abcdef0123456789abcdef01234567", "alice", owner, createdAt ?? T0, parent);

    protected static NewJob AJob(string key, string? jobId = null, string needs = "[]") =>
        new(key, jobId ?? key, key.ToUpperInvariant(), needs, "{}");

    protected Task<long> CreateRunAsync(string pipeline = "ci", DateTimeOffset? createdAt = null, string owner = "host-a:100:5000", params string[] jobs) =>
        Store.CreateRunAsync(ARun(pipeline, createdAt, owner), jobs.Select(j => AJob(j)).ToList(), Ct);

    [Fact]
    public async Task CreateRun_ThenGetRun_ReturnsEveryFieldQueuedAndUnstarted()
    {
        var id = await Store.CreateRunAsync(ARun("release", T0), [AJob("build")], Ct);

        var run = await Store.GetRunAsync(id, Ct);

        run.ShouldNotBeNull();
        run.ShouldBe(new RunRecord(id, "/repo", "release", "RELEASE", ".sluice/release.yml", "push", """{"kind":"push"}""",
            "main", "0123456789abcdef0123456789abcdef01234567", "alice", "host-a:100:5000", RunState.Queued, T0, null, null, null, null));
    }

    [Fact]
    public async Task CreateRun_NullableFieldsAndParent_RoundTrip()
    {
        var parent = await CreateRunAsync(jobs: ["a"]);
        var run = ARun() with { Branch = null, Sha = null, Actor = null, ParentRunId = parent };

        var id = await Store.CreateRunAsync(run, [], Ct);

        var stored = await Store.GetRunAsync(id, Ct);
        stored.ShouldNotBeNull();
        (stored.Branch, stored.Sha, stored.Actor, stored.ParentRunId).ShouldBe((null, null, null, parent));
    }

    [Fact]
    public async Task CreateRun_JobsArePendingWithoutTimesInCreationOrder()
    {
        var id = await Store.CreateRunAsync(ARun(), [AJob("zeta"), AJob("alpha", needs: """["zeta"]"""), new NewJob("test (py=3.12)", "test", "Test", "[]", """{"py":"3.12"}""")], Ct);

        var jobs = await Store.GetJobsAsync(id, Ct);

        jobs.Select(j => j.Key).ShouldBe(["zeta", "alpha", "test (py=3.12)"]);
        jobs.ShouldAllBe(j => j.State == JobState.Pending && j.Attempts == 0 && j.StartedAt == null && j.FinishedAt == null && j.Reason == null && j.Outputs.Count == 0);
        jobs[1].NeedsJson.ShouldBe("""["zeta"]""");
        (jobs[2].JobId, jobs[2].DisplayName, jobs[2].MatrixJson).ShouldBe(("test", "Test", """{"py":"3.12"}"""));
    }

    [Fact]
    public async Task CreateRun_AssignsDistinctIncreasingIds()
    {
        var first = await CreateRunAsync(jobs: ["a"]);
        var second = await CreateRunAsync(jobs: ["a"]);

        second.ShouldBeGreaterThan(first);
    }

    [Fact]
    public async Task CreateRun_DuplicateJobKey_ThrowsAndStoresNothing()
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.CreateRunAsync(ARun(), [AJob("a"), AJob("a")], Ct));

        (await Store.ListRunsAsync(new RunQuery(), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SetRunState_Running_StampsTheFirstStartOnly()
    {
        var id = await CreateRunAsync(jobs: ["a"]);

        await Store.SetRunStateAsync(id, RunState.Running, T0.AddSeconds(1), Ct);
        await Store.SetRunStateAsync(id, RunState.Running, T0.AddSeconds(5), Ct);

        var run = await Store.GetRunAsync(id, Ct);
        run.ShouldNotBeNull();
        (run.State, run.StartedAt, run.FinishedAt).ShouldBe((RunState.Running, T0.AddSeconds(1), (DateTimeOffset?)null));
    }

    [Fact]
    public async Task SetRunState_Terminal_StampsFinishAndKeepsStart()
    {
        var id = await CreateRunAsync(jobs: ["a"]);

        await Store.SetRunStateAsync(id, RunState.Running, T0.AddSeconds(1), Ct);
        await Store.SetRunStateAsync(id, RunState.Failed, T0.AddSeconds(9), Ct);

        var run = await Store.GetRunAsync(id, Ct);
        run.ShouldNotBeNull();
        (run.State, run.StartedAt, run.FinishedAt).ShouldBe((RunState.Failed, T0.AddSeconds(1), T0.AddSeconds(9)));
    }

    [Fact]
    public async Task SetRunState_TimeWithAnOffset_ReadsBackAsTheSameInstant()
    {
        var id = await CreateRunAsync(jobs: ["a"]);
        var local = new DateTimeOffset(2025, 3, 1, 14, 30, 0, TimeSpan.FromHours(2));

        await Store.SetRunStateAsync(id, RunState.Running, local, Ct);

        var run = await Store.GetRunAsync(id, Ct);
        run.ShouldNotBeNull();
        run.StartedAt.ShouldNotBeNull().UtcDateTime.ShouldBe(local.UtcDateTime);
    }

    [Fact]
    public async Task SetRunSummary_IsReturnedWithTheRun()
    {
        var id = await CreateRunAsync(jobs: ["a"]);

        await Store.SetRunSummaryAsync(id, "## Result\n\n*all green* ✓", Ct);

        (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull().Summary.ShouldBe("## Result\n\n*all green* ✓");
    }

    [Fact]
    public async Task SetJobState_KeepsStartAndFinishWhenNotGiven()
    {
        var id = await CreateRunAsync(jobs: ["build", "test"]);

        await Store.SetJobStateAsync(id, "build", JobState.Running, null, 1, T0.AddSeconds(1), null, Ct);
        await Store.SetJobStateAsync(id, "build", JobState.Failed, "exit code 2", 1, null, T0.AddSeconds(4), Ct);
        await Store.SetJobStateAsync(id, "build", JobState.Running, null, 2, null, null, Ct);

        var build = (await Store.GetJobsAsync(id, Ct))[0];
        (build.State, build.Reason, build.Attempts, build.StartedAt, build.FinishedAt)
            .ShouldBe((JobState.Running, (string?)null, 2, T0.AddSeconds(1), T0.AddSeconds(4)));
        (await Store.GetJobsAsync(id, Ct))[1].State.ShouldBe(JobState.Pending);
    }

    [Fact]
    public async Task SetJobState_Skipped_StoresTheReason()
    {
        var id = await CreateRunAsync(jobs: ["build", "deploy"]);

        await Store.SetJobStateAsync(id, "deploy", JobState.Skipped, "needs failed: build", 0, null, T0, Ct);

        var deploy = (await Store.GetJobsAsync(id, Ct))[1];
        (deploy.State, deploy.Reason, deploy.StartedAt, deploy.FinishedAt).ShouldBe((JobState.Skipped, "needs failed: build", (DateTimeOffset?)null, T0));
    }

    [Fact]
    public async Task SetJobOutputs_ReplacesThePreviousOutputsOfThatJobOnly()
    {
        var id = await CreateRunAsync(jobs: ["build", "test"]);
        await Store.SetJobOutputsAsync(id, "test", new Dictionary<string, string> { ["report"] = "r.xml" }, Ct);

        await Store.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["version"] = "1.0", ["old"] = "x" }, Ct);
        await Store.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["version"] = "1.1", ["digest"] = "sha256:ab" }, Ct);

        var jobs = await Store.GetJobsAsync(id, Ct);
        jobs[0].Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).ShouldBe([new("digest", "sha256:ab"), new("version", "1.1")]);
        jobs[1].Outputs.ShouldBe([new("report", "r.xml")]);
    }

    [Fact]
    public async Task SetJobOutputs_Empty_ClearsOutputs()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        await Store.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["v"] = "1" }, Ct);

        await Store.SetJobOutputsAsync(id, "build", new Dictionary<string, string>(), Ct);

        (await Store.GetJobsAsync(id, Ct))[0].Outputs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Migrate_SecondCall_KeepsData()
    {
        var id = await CreateRunAsync(jobs: ["a"]);

        await Store.MigrateAsync(Ct);

        (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull();
    }
}
