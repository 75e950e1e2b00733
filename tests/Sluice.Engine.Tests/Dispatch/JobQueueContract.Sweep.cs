using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>The sweeper's rules: lost leases, timeouts, tickets nobody picks up.</summary>
public abstract partial class JobQueueContract
{
    [Fact]
    public async Task Sweep_NothingDue_DoesNothing()
    {
        var leased = await Queue.EnqueueAsync(Ticket("build"), T0, Ct);
        await Queue.ClaimAsync("w1", [], Lease, T0, Ct);
        var queued = await Queue.EnqueueAsync(Ticket("test", ["gpu"], pickup: TimeSpan.FromMinutes(5)), T0, Ct);

        var actions = await Queue.SweepAsync(T0.AddSeconds(59), Ct);

        actions.ShouldBeEmpty();
        (await GetAsync(leased)).State.ShouldBe(DispatchState.Leased);
        (await GetAsync(queued)).State.ShouldBe(DispatchState.Queued);
    }

    [Fact]
    public async Task Sweep_ExpiredLeaseWithBudgetLeft_RequeuesWithTheNextAttemptAndANewTokenOnClaim()
    {
        var id = await Queue.EnqueueAsync(Ticket(retryBudget: 1), T0, Ct);
        var first = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();

        var actions = await Queue.SweepAsync(T0.AddSeconds(60), Ct);

        actions.ShouldBe([new SweepAction(id, SweepOutcome.Requeued, "agent lost, re-queued (attempt 2)")]);
        var stored = await GetAsync(id);
        (stored.State, stored.Worker, stored.LeaseExpiresAt, stored.QueuedAt, stored.RequeuedAt).ShouldBe((DispatchState.Queued, null, null, T0, T0.AddSeconds(60)));
        var history = await HistoryAsync("build");
        (history.State, history.Reason).ShouldBe((JobState.Queued, "agent lost, re-queued (attempt 2)"));
        var second = (await Queue.ClaimAsync("w2", [], Lease, T0.AddSeconds(61), Ct)).ShouldNotBeNull();
        (second.Attempt, second.Token > first.Token).ShouldBe((2, true));
        (await HistoryAsync("build")).Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task Sweep_ExpiredLeaseWithBudgetSpent_FailsWithAgentLost()
    {
        var id = await Queue.EnqueueAsync(Ticket(retryBudget: 1), T0, Ct);
        await Queue.ClaimAsync("w1", [], Lease, T0, Ct);
        await Queue.SweepAsync(T0.AddSeconds(60), Ct);
        await Queue.ClaimAsync("w2", [], Lease, T0.AddSeconds(61), Ct);

        var actions = await Queue.SweepAsync(T0.AddSeconds(121), Ct);

        actions.ShouldBe([new SweepAction(id, SweepOutcome.AgentLost, "agent lost")]);
        var stored = await GetAsync(id);
        (stored.State, stored.Reason, stored.FinishedAt, stored.Attempt).ShouldBe((DispatchState.Failed, "agent lost", T0.AddSeconds(121), 2));
        var history = await HistoryAsync("build");
        (history.State, history.Reason, history.FinishedAt).ShouldBe((JobState.Failed, "agent lost", T0.AddSeconds(121)));
        (await Queue.ClaimAsync("w3", [], Lease, T0.AddSeconds(122), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Sweep_ExpiredLeaseWithoutBudget_FailsAtOnce()
    {
        var id = await Queue.EnqueueAsync(Ticket(retryBudget: 0), T0, Ct);
        await Queue.ClaimAsync("w1", [], Lease, T0, Ct);

        var actions = await Queue.SweepAsync(T0.AddSeconds(60), Ct);

        actions.ShouldBe([new SweepAction(id, SweepOutcome.AgentLost, "agent lost")]);
    }

    [Fact]
    public async Task Sweep_ExpiredLeaseOfACancellingJob_CancelsInsteadOfRequeuing()
    {
        var id = await Queue.EnqueueAsync(Ticket(retryBudget: 3), T0, Ct);
        await Queue.ClaimAsync("w1", [], Lease, T0, Ct);
        await Queue.CancelAsync(id, "cancelled by alice", T0.AddSeconds(1), Ct);

        var actions = await Queue.SweepAsync(T0.AddSeconds(60), Ct);

        actions.Single().Outcome.ShouldBe(SweepOutcome.AgentLost);
        (await GetAsync(id)).State.ShouldBe(DispatchState.Cancelled);
        (await HistoryAsync("build")).State.ShouldBe(JobState.Cancelled);
    }

    [Fact]
    public async Task Sweep_LeasedPastItsTimeout_FailsAndFlagsCancelForTheHolder()
    {
        var id = await Queue.EnqueueAsync(Ticket(timeout: TimeSpan.FromMinutes(2)), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(40), Ct);
        await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(80), Ct);

        var actions = await Queue.SweepAsync(T0.AddSeconds(120), Ct);

        actions.ShouldBe([new SweepAction(id, SweepOutcome.TimedOut, "timed out after 2m")]);
        var stored = await GetAsync(id);
        (stored.State, stored.CancelRequested, stored.Reason).ShouldBe((DispatchState.Failed, true, "timed out after 2m"));
        (await Queue.RenewAsync(id, claimed.Token, Lease, T0.AddSeconds(121), Ct)).ShouldBe(LeaseStatus.CancelRequested);
        (await Queue.CompleteAsync(id, claimed.Token, DispatchState.Succeeded, "{}", T0.AddSeconds(122), Ct)).ShouldBeFalse();
        var history = await HistoryAsync("build");
        (history.State, history.Reason).ShouldBe((JobState.Failed, "timed out after 2m"));
    }

    [Fact]
    public async Task Sweep_QueuedPastThePickupLimit_FailsNamingTheLabels()
    {
        var id = await Queue.EnqueueAsync(Ticket(labels: ["linux", "gpu"], pickup: TimeSpan.FromMinutes(10)), T0, Ct);

        var early = await Queue.SweepAsync(T0.AddMinutes(10).AddMilliseconds(-1), Ct);
        var actions = await Queue.SweepAsync(T0.AddMinutes(10), Ct);

        early.ShouldBeEmpty();
        var reason = "no agent with labels `gpu, linux` picked it up within 10m";
        actions.ShouldBe([new SweepAction(id, SweepOutcome.NeverPickedUp, reason)]);
        (await GetAsync(id)).State.ShouldBe(DispatchState.Failed);
        var history = await HistoryAsync("build");
        (history.State, history.Reason).ShouldBe((JobState.Failed, reason));
    }

    [Fact]
    public async Task Sweep_NoLimits_LeavesAQueuedTicketAndARunningOneAlone()
    {
        var queued = await Queue.EnqueueAsync(Ticket("build", ["none-has-this"], timeout: Timeout.InfiniteTimeSpan, pickup: TimeSpan.Zero), T0, Ct);
        var leased = await Queue.EnqueueAsync(Ticket("test", timeout: Timeout.InfiniteTimeSpan), T0, Ct);
        var claimed = (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        await Queue.RenewAsync(leased, claimed.Token, TimeSpan.FromDays(400), T0.AddSeconds(1), Ct);

        var actions = await Queue.SweepAsync(T0.AddDays(365), Ct);

        actions.ShouldBeEmpty();
        (await GetAsync(queued)).State.ShouldBe(DispatchState.Queued);
    }

    [Fact]
    public async Task Sweep_TwoSweepersAtOnce_ActOncePerTicket()
    {
        var other = await AnotherAsync();
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await Queue.EnqueueAsync(Ticket($"job{i}", retryBudget: i % 2, pickup: TimeSpan.FromMinutes(1)), T0, Ct));
        }

        for (var i = 0; i < 20; i++)
        {
            (await Queue.ClaimAsync("w1", [], Lease, T0, Ct)).ShouldNotBeNull();
        }

        var at = T0.AddSeconds(61);
        var both = await Task.WhenAll(Task.Run(() => Queue.SweepAsync(at, Ct)), Task.Run(() => other.SweepAsync(at, Ct)));

        var actions = both.SelectMany(a => a).ToList();
        actions.Select(a => a.Id).Order().ShouldBe(ids);
        actions.GroupBy(a => a.Outcome).ToDictionary(g => g.Key, g => g.Count()).ShouldBe(new Dictionary<SweepOutcome, int>
        {
            [SweepOutcome.Requeued] = 10,
            [SweepOutcome.AgentLost] = 10,
            [SweepOutcome.NeverPickedUp] = 10,
        }, ignoreOrder: true);
        (await Queue.DepthAsync(Ct)).ShouldBe([new QueueDepth("", 10, 0)]);
    }

    [Fact]
    public async Task Sweep_RequeuedTicket_KeepsItsPlaceAheadOfTicketsQueuedMeanwhile()
    {
        var older = await Queue.EnqueueAsync(Ticket("deploy", ["gpu"]), T0.AddSeconds(-10), Ct);
        var lost = await Queue.EnqueueAsync(Ticket("build"), T0, Ct);
        (await Queue.ClaimAsync("w1", [], Lease, T0, Ct))!.Id.ShouldBe(lost);
        var meanwhile = await Queue.EnqueueAsync(Ticket("test"), T0.AddSeconds(30), Ct);
        (await Queue.SweepAsync(T0.AddSeconds(60), Ct)).Single().Outcome.ShouldBe(SweepOutcome.Requeued);

        var first = await Queue.ClaimAsync("w2", ["gpu"], Lease, T0.AddSeconds(61), Ct);
        var second = await Queue.ClaimAsync("w2", ["gpu"], Lease, T0.AddSeconds(61), Ct);
        var third = await Queue.ClaimAsync("w2", ["gpu"], Lease, T0.AddSeconds(61), Ct);

        (first?.Id, second?.Id, third?.Id).ShouldBe((older, lost, meanwhile));
        second!.Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task Sweep_RequeuedTicket_GetsAFreshPickupLimitFromTheRequeue()
    {
        var id = await Queue.EnqueueAsync(Ticket(pickup: TimeSpan.FromMinutes(5)), T0, Ct);
        await Queue.ClaimAsync("w1", [], TimeSpan.FromMinutes(10), T0, Ct);
        (await Queue.SweepAsync(T0.AddMinutes(10), Ct)).Single().Outcome.ShouldBe(SweepOutcome.Requeued);

        var early = await Queue.SweepAsync(T0.AddMinutes(15).AddMilliseconds(-1), Ct);
        var due = await Queue.SweepAsync(T0.AddMinutes(15), Ct);

        early.ShouldBeEmpty();
        due.ShouldBe([new SweepAction(id, SweepOutcome.NeverPickedUp, "no agent picked it up within 5m")]);
        (await GetAsync(id)).QueuedAt.ShouldBe(T0);
    }

    [Fact]
    public async Task Sweep_HistoryWriteFails_NoTicketChanges()
    {
        var leased = await Queue.EnqueueAsync(Ticket("build"), T0, Ct);
        await Queue.ClaimAsync("w1", [], Lease, T0, Ct);
        var queued = await Queue.EnqueueAsync(Ticket("test", pickup: TimeSpan.FromSeconds(30)), T0, Ct);
        var before = (await GetAsync(leased), await GetAsync(queued));
        await BreakHistoryWritesAsync();

        await Should.ThrowAsync<Exception>(() => Queue.SweepAsync(T0.AddSeconds(60), Ct));

        (await GetAsync(leased), await GetAsync(queued)).ShouldBe(before);
    }
}
