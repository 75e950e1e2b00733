using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>
/// The behaviour every <see cref="IJobQueue"/> must have, whatever database is behind it. A subclass supplies a fresh,
/// empty database per test with a run store and a queue on it; the contract migrates it and creates one run with jobs
/// <c>build</c>, <c>test</c> and <c>deploy</c> so the history rows the queue keeps in step exist. Times are explicit
/// instants (whole milliseconds), passed as the <c>at</c> of each call.
/// Split over several files (partial) by topic: enqueue and claim here, leases, the sweep, concurrency and wake-ups.
/// </summary>
public abstract partial class JobQueueContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> disposables = [];
    private IJobQueue? queue;
    private IRunStore? store;

    protected static CancellationToken Ct => CancellationToken.None;

    private protected IJobQueue Queue => queue ?? throw new InvalidOperationException("not initialized");

    protected IRunStore Store => store ?? throw new InvalidOperationException("not initialized");

    protected long RunId { get; private set; }

    /// <summary>A run store and a queue on one new, empty database (not migrated).</summary>
    private protected abstract Task<(IRunStore Store, IJobQueue Queue)> CreateAsync();

    /// <summary>Another queue on the same database with connections of its own, as another server or process would have.</summary>
    private protected abstract Task<IJobQueue> OpenAnotherAsync();

    /// <summary>Makes every later write to the history's <c>jobs</c> table fail (a trigger), to show queue writes roll back with it.</summary>
    protected abstract Task BreakHistoryWritesAsync();

    public virtual async Task InitializeAsync()
    {
        (store, queue) = await CreateAsync();
        await Queue.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);
        var run = new NewRun("/repo", "ci", "CI", ".sluice/ci.yml", "push", "{}", "main", null, "alice", "host:1:1", T0, null);
        RunId = await Store.CreateRunAsync(run, [new("build", "build", "Build", "[]", "{}"), new("test", "test", "Test", "[]", "{}"), new("deploy", "deploy", "Deploy", "[]", "{}")], Ct);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var disposable in disposables)
        {
            await disposable.DisposeAsync();
        }

        if (queue is not null)
        {
            await queue.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    private protected async Task<IJobQueue> AnotherAsync()
    {
        var another = await OpenAnotherAsync();
        disposables.Add(another);
        return another;
    }

    private protected JobTicket Ticket(string jobKey = "build", string[]? labels = null, int retryBudget = 1, TimeSpan? timeout = null, TimeSpan? pickup = null, string runKey = "q1") =>
        new(runKey, RunId, jobKey, labels ?? [], $$"""{"job":"{{jobKey}}"}""", retryBudget, timeout ?? TimeSpan.FromHours(1), pickup ?? TimeSpan.FromHours(1));

    protected async Task<JobRecord> HistoryAsync(string jobKey) => (await Store.GetJobsAsync(RunId, Ct)).Single(j => j.Key == jobKey);

    private protected async Task<DispatchedJob> GetAsync(long id) => (await Queue.GetAsync(id, Ct)).ShouldNotBeNull();

    [Fact]
    public async Task Enqueue_NewTicket_IsQueuedWithSortedLabelsAndTheHistoryJobQueued()
    {
        var ticket = Ticket(labels: ["linux", "gpu", "linux"], retryBudget: 2, timeout: TimeSpan.FromMinutes(30), pickup: TimeSpan.FromMinutes(5));

        var id = await Queue.EnqueueAsync(ticket, T0, Ct);

        var stored = await GetAsync(id);
        stored.ShouldBe(new DispatchedJob(id, ticket with { Labels = stored.Ticket.Labels }, DispatchState.Queued, 0, 0, null, T0, null, null, null, false, null, null));
        stored.Ticket.Labels.ShouldBe(["gpu", "linux"]);
        (await HistoryAsync("build")).State.ShouldBe(JobState.Queued);
    }

    [Fact]
    public async Task GetStatus_IsTheTicketWithAnEmptyPayload()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        await Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, """{"state":"succeeded"}""", T0.AddSeconds(2), Ct);

        var status = (await Queue.GetStatusAsync(id, Ct)).ShouldNotBeNull();

        var full = await GetAsync(id);
        full.Ticket.Payload.ShouldBe("""{"job":"build"}""");
        status.ShouldBe(full with { Ticket = full.Ticket with { Payload = "", Labels = full.Ticket.Labels } });
        status.ResultJson.ShouldBe("""{"state":"succeeded"}""");
        (await Queue.GetStatusAsync(id + 1000, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Enqueue_SamePairTwice_ReturnsTheFirstTicketAndChangesNothing()
    {
        var first = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var second = await Queue.EnqueueAsync(Ticket() with { Payload = "{}" }, T0.AddSeconds(5), Ct);

        second.ShouldBe(first);
        var stored = await GetAsync(first);
        (stored.State, stored.Token, stored.Ticket.Payload, stored.QueuedAt).ShouldBe((DispatchState.Leased, claimed.Token, """{"job":"build"}""", T0));
        (await HistoryAsync("build")).State.ShouldBe(JobState.Running);
    }

    [Fact]
    public async Task Enqueue_SameJobKeyForAnotherRunKey_IsAnotherTicket()
    {
        var first = await Queue.EnqueueAsync(Ticket(runKey: "q1"), T0, Ct);

        var second = await Queue.EnqueueAsync(Ticket(runKey: "q2"), T0, Ct);

        second.ShouldNotBe(first);
    }

    [Fact]
    public async Task Claim_LeasesTheTicketWithTokenAttemptAndExpiryAndMarksTheHistoryJobRunning()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);

        var claimed = (await Queue.ClaimAsync("agent-1", ["linux"], Lease, T0.AddSeconds(1), Ct)).ShouldNotBeNull();

        (claimed.Id, claimed.Attempt, claimed.LeaseExpiresAt, claimed.Ticket.JobKey).ShouldBe((id, 1, T0.AddSeconds(61), "build"));
        var stored = await GetAsync(id);
        (stored.State, stored.Token, stored.Worker, stored.StartedAt, stored.LeaseExpiresAt).ShouldBe((DispatchState.Leased, claimed.Token, "agent-1", T0.AddSeconds(1), T0.AddSeconds(61)));
        var history = await HistoryAsync("build");
        (history.State, history.Attempts, history.StartedAt).ShouldBe((JobState.Running, 1, T0.AddSeconds(1)));
    }

    [Fact]
    public async Task Claim_EachTicketGoesToOneWorker()
    {
        await Queue.EnqueueAsync(Ticket(), T0, Ct);
        (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var second = await Queue.ClaimAsync("w2", [], Lease, T0, Ct);

        second.ShouldBeNull();
    }

    [Fact]
    public async Task Claim_WorkerLackingOneLabel_GetsNothing()
    {
        await Queue.EnqueueAsync(Ticket(labels: ["linux", "gpu"]), T0, Ct);

        var claimed = await Queue.ClaimAsync("w1", ["linux", "arm64"], Lease, T0, Ct);

        claimed.ShouldBeNull();
    }

    [Fact]
    public async Task Claim_WorkerWithEveryLabelAndMore_GetsTheTicket()
    {
        var id = await Queue.EnqueueAsync(Ticket(labels: ["linux", "gpu"]), T0, Ct);

        var claimed = await Queue.ClaimAsync("w1", ["x64", "gpu", "linux"], Lease, T0, Ct);

        claimed.ShouldNotBeNull().Id.ShouldBe(id);
    }

    [Fact]
    public async Task Claim_TicketWithoutLabels_FitsAWorkerWithoutLabels()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);

        var claimed = await Queue.ClaimAsync("w1", [], Lease, T0, Ct);

        claimed.ShouldNotBeNull().Id.ShouldBe(id);
    }

    [Fact]
    public async Task Claim_LabelsAreCaseSensitive()
    {
        await Queue.EnqueueAsync(Ticket(labels: ["linux"]), T0, Ct);

        var claimed = await Queue.ClaimAsync("w1", ["Linux"], Lease, T0, Ct);

        claimed.ShouldBeNull();
    }

    [Fact]
    public async Task Claim_OldestQueuedFirstAmongThoseThatFit()
    {
        var gpu = await Queue.EnqueueAsync(Ticket("build", ["gpu"]), T0, Ct);
        var later = await Queue.EnqueueAsync(Ticket("test"), T0.AddSeconds(2), Ct);
        var earlier = await Queue.EnqueueAsync(Ticket("deploy", ["linux"]), T0.AddSeconds(1), Ct);

        var first = await Queue.ClaimAsync("w1", ["linux"], Lease, T0.AddSeconds(3), Ct);
        var second = await Queue.ClaimAsync("w1", ["linux"], Lease, T0.AddSeconds(3), Ct);
        var third = await Queue.ClaimAsync("w1", ["linux"], Lease, T0.AddSeconds(3), Ct);

        (first?.Id, second?.Id, third?.Id).ShouldBe((earlier, later, null));
        (await GetAsync(gpu)).State.ShouldBe(DispatchState.Queued);
    }

    [Fact]
    public async Task Claim_HistoryWriteFails_TheTicketStaysQueued()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        await BreakHistoryWritesAsync();

        await Should.ThrowAsync<Exception>(() => Queue.ClaimAsync("w1", [], Lease, T0, Ct));

        var stored = await GetAsync(id);
        (stored.State, stored.Token, stored.Attempt, stored.Worker).ShouldBe((DispatchState.Queued, 0L, 0, null));
    }

    [Fact]
    public async Task Enqueue_ALabelWithACommaOrBlank_Throws()
    {
        await Should.ThrowAsync<ArgumentException>(() => Queue.EnqueueAsync(Ticket(labels: ["linux,gpu"]), T0, Ct));
        await Should.ThrowAsync<ArgumentException>(() => Queue.EnqueueAsync(Ticket(labels: [" linux"]), T0, Ct));
        await Should.ThrowAsync<ArgumentException>(() => Queue.EnqueueAsync(Ticket(labels: [""]), T0, Ct));

        (await Queue.DepthAsync(Ct)).ShouldBeEmpty();
    }
}
