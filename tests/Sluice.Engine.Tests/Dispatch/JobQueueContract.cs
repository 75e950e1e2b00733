using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>
/// The behaviour every <see cref="IJobQueue"/> must have, whatever database is behind it. A subclass supplies a fresh,
/// empty database per test with a run store and a queue on it; the contract migrates it and creates one run with jobs
/// <c>build</c>, <c>test</c> and <c>deploy</c> so the history rows the queue keeps in step exist. Times are explicit
/// instants (whole milliseconds), passed as the <c>at</c> of each call.
/// Split over several files (partial) by topic: tickets and leases here, the sweep, concurrency and wake-ups.
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
    public async Task Renew_CurrentTokenBeforeExpiry_ExtendsTheLease()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var status = await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(20), Ct);

        status.ShouldBe(LeaseStatus.Held);
        (await GetAsync(id)).LeaseExpiresAt.ShouldBe(T0.AddSeconds(80));
    }

    [Fact]
    public async Task Renew_AfterTheLeaseExpired_IsLostAndChangesNothing()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var status = await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(60), Ct);

        status.ShouldBe(LeaseStatus.Lost);
        (await GetAsync(id)).LeaseExpiresAt.ShouldBe(T0.AddSeconds(60));
    }

    [Fact]
    public async Task Fencing_OldHolderAfterReLease_RenewIsLostAndCompleteRefusedAndNothingChanges()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var old = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        (await Queue.SweepAsync(T0.AddSeconds(61), Ct)).Single().Outcome.ShouldBe(SweepOutcome.Requeued);
        var current = (await Queue.ClaimAsync("w2", [], Lease, T0.AddSeconds(62), Ct)).ShouldNotBeNull();
        var before = await GetAsync(id);

        var renewed = await Queue.RenewAsync(id, old.Token, Lease, T0.AddSeconds(63), Ct);
        var completed = await Queue.CompleteAsync(id, old.Token, DispatchState.Succeeded, """{"from":"w1"}""", T0.AddSeconds(63), Ct);

        (renewed, completed).ShouldBe((LeaseStatus.Lost, false));
        current.Token.ShouldBeGreaterThan(old.Token);
        (await GetAsync(id)).ShouldBe(before);
        (await HistoryAsync("build")).State.ShouldBe(JobState.Running);
    }

    [Fact]
    public async Task Complete_CurrentToken_EndsTheTicketAndTheHistoryJob()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var completed = await Queue.CompleteAsync(id, claimed.Token, DispatchState.Failed, """{"exit":2}""", T0.AddSeconds(30), Ct);

        completed.ShouldBeTrue();
        var stored = await GetAsync(id);
        (stored.State, stored.ResultJson, stored.FinishedAt, stored.Reason).ShouldBe((DispatchState.Failed, """{"exit":2}""", T0.AddSeconds(30), null));
        var history = await HistoryAsync("build");
        (history.State, history.FinishedAt).ShouldBe((JobState.Failed, T0.AddSeconds(30)));
    }

    [Fact]
    public async Task Complete_Twice_SecondIsRefused()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        (await Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(1), Ct)).ShouldBeTrue();

        var again = await Queue.CompleteAsync(id, claimed.Token, DispatchState.Failed, """{"late":true}""", T0.AddSeconds(2), Ct);

        again.ShouldBeFalse();
        (await GetAsync(id)).State.ShouldBe(DispatchState.Succeeded);
    }

    [Fact]
    public async Task Complete_AfterTheLeaseExpired_IsRefusedEvenBeforeASweep()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var completed = await Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(61), Ct);

        completed.ShouldBeFalse();
        (await GetAsync(id)).State.ShouldBe(DispatchState.Leased);
    }

    [Fact]
    public async Task Complete_WithANonTerminalState_Throws()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        await Should.ThrowAsync<ArgumentException>(() => Queue.CompleteAsync(id, claimed.Token, DispatchState.Queued, "{}", T0, Ct));
    }

    [Fact]
    public async Task Complete_HistoryWriteFails_TheTicketStaysLeased()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        await BreakHistoryWritesAsync();

        await Should.ThrowAsync<Exception>(() => Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(1), Ct));

        var stored = await GetAsync(id);
        (stored.State, stored.ResultJson, stored.FinishedAt).ShouldBe((DispatchState.Leased, null, null));
    }

    [Fact]
    public async Task Cancel_Queued_CancelsAtOnceWithTheReasonInTicketAndHistory()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);

        var cancelled = await Queue.CancelAsync(id, "cancelled by alice", T0.AddSeconds(5), Ct);

        cancelled.ShouldBeTrue();
        var stored = await GetAsync(id);
        (stored.State, stored.Reason, stored.FinishedAt).ShouldBe((DispatchState.Cancelled, "cancelled by alice", T0.AddSeconds(5)));
        (await Queue.ClaimAsync("w1", [], Lease, T0.AddSeconds(6), Ct)).ShouldBeNull();
        var history = await HistoryAsync("build");
        (history.State, history.Reason, history.FinishedAt).ShouldBe((JobState.Cancelled, "cancelled by alice", T0.AddSeconds(5)));
    }

    [Fact]
    public async Task Cancel_Leased_FlagsItForTheHoldersNextRenewal()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var cancelled = await Queue.CancelAsync(id, "cancelled by alice", T0.AddSeconds(5), Ct);

        cancelled.ShouldBeTrue();
        var stored = await GetAsync(id);
        (stored.State, stored.CancelRequested).ShouldBe((DispatchState.Leased, true));
        (await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(20), Ct)).ShouldBe(LeaseStatus.CancelRequested);
        (await Queue.CompleteAsync(id, claimed.Token, DispatchState.Cancelled, "{}", T0.AddSeconds(21), Ct)).ShouldBeTrue();
        (await HistoryAsync("build")).State.ShouldBe(JobState.Cancelled);
    }

    [Fact]
    public async Task Cancel_TerminalOrUnknown_IsFalse()
    {
        var id = await Queue.EnqueueAsync(Ticket(), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        await Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(1), Ct);

        var terminal = await Queue.CancelAsync(id, "too late", T0.AddSeconds(2), Ct);
        var unknown = await Queue.CancelAsync(id + 1000, "nobody", T0.AddSeconds(2), Ct);

        (terminal, unknown).ShouldBe((false, false));
        (await GetAsync(id)).State.ShouldBe(DispatchState.Succeeded);
    }

    [Fact]
    public async Task Get_Unknown_IsNull()
    {
        (await Queue.GetAsync(424242, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Depth_CountsQueuedAndLeasedPerLabelSetAndLeavesOutEnded()
    {
        await Queue.EnqueueAsync(Ticket("build", ["linux"]), T0, Ct);
        await Queue.EnqueueAsync(Ticket("test", ["linux"]), T0.AddSeconds(1), Ct);
        await Queue.EnqueueAsync(Ticket("deploy", ["linux", "gpu"]), T0, Ct);
        await Queue.EnqueueAsync(Ticket("lint"), T0, Ct);
        var ended = await Queue.EnqueueAsync(Ticket("docs", ["mac"]), T0, Ct);
        await Queue.CancelAsync(ended, "no", T0, Ct);
        (await Queue.ClaimAsync("w1", ["linux"], Lease, T0.AddSeconds(2), Ct)).ShouldNotBeNull();

        var depth = await Queue.DepthAsync(Ct);

        depth.ShouldBe([new QueueDepth("", 1, 0), new QueueDepth("gpu,linux", 1, 0), new QueueDepth("linux", 1, 1)]);
    }
}
