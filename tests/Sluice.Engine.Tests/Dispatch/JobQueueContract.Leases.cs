using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>Holding a ticket: renewals, fencing, completion, cancellation, depth.</summary>
public abstract partial class JobQueueContract
{
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
