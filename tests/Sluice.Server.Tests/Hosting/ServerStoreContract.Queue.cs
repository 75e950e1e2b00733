using System.Collections.Concurrent;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Hosting;

/// <summary>The run queue: claims, concurrency groups, abandoned items.</summary>
public abstract partial class ServerStoreContract
{
    [Fact]
    public async Task QueueClaim_TakesTheOldest_AndNeverTwoOfAGroup()
    {
        var ids = (await Storage.Queue.EnqueueAsync([Run("a", group: "g"), Run("b", group: "g"), Run("c")], T0, Ct)).Enqueued;

        var first = await Storage.Queue.ClaimNextAsync("server-a", T0, Ct);
        var second = await Storage.Queue.ClaimNextAsync("server-b", T0, Ct);
        var none = await Storage.Queue.ClaimNextAsync("server-b", T0, Ct);
        (await Storage.Queue.FinishAsync(ids[0], "server-a", QueueState.Succeeded, null, T0.AddMinutes(1), Ct)).ShouldBeTrue();
        var third = await Storage.Queue.ClaimNextAsync("server-b", T0.AddMinutes(1), Ct);

        (first!.Id, first.State, first.Owner, first.StartedAt).ShouldBe((ids[0], QueueState.Running, "server-a", (DateTimeOffset?)T0));
        second!.Id.ShouldBe(ids[2]);
        none.ShouldBeNull();
        third!.Id.ShouldBe(ids[1]);
    }

    [Fact]
    public async Task QueueClaim_TwoServersAtOnce_ClaimEachItemOnce_AndKeepGroupsSerial()
    {
        var other = await OpenAsync();
        var requests = Enumerable.Range(0, 30).Select(i => Run($"p{i}", group: i % 3 == 0 ? null : $"g{i % 3}")).ToList();
        await Storage.Queue.EnqueueAsync(requests, T0, Ct);
        var claimed = new ConcurrentBag<long>();
        var groupsRunning = new ConcurrentDictionary<string, long>();
        var overlaps = 0;
        async Task WorkAsync(ServerStorage s, string owner)
        {
            while (await s.Queue.ListAsync(new QueueQuery(100, State: QueueState.Queued), Ct) is { Count: > 0 } || groupsRunning.Count > 0)
            {
                if (await s.Queue.ClaimNextAsync(owner, T0, Ct) is not { } item)
                {
                    await Task.Delay(5);
                    continue;
                }

                claimed.Add(item.Id);
                if (item.ConcurrencyGroup is { } group && !groupsRunning.TryAdd(group, item.Id))
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Delay(10);
                if (item.ConcurrencyGroup is { } done)
                {
                    groupsRunning.TryRemove(done, out _);
                }

                await s.Queue.FinishAsync(item.Id, owner, QueueState.Succeeded, null, T0, Ct);
            }
        }

        await Task.WhenAll(Task.Run(() => WorkAsync(Storage, "server-a")), Task.Run(() => WorkAsync(other, "server-b")), Task.Run(() => WorkAsync(other, "server-c")));

        claimed.Count.ShouldBe(30);
        claimed.Distinct().Count().ShouldBe(30);
        overlaps.ShouldBe(0);
    }

    [Fact]
    public async Task QueueRequeueAbandoned_PutsDeadOwnersItemsBack_RememberingTheirRun()
    {
        await Storage.Queue.EnqueueAsync([Run("a"), Run("b")], T0, Ct);
        var dead = (await Storage.Queue.ClaimNextAsync("server-dead", T0, Ct))!;
        var live = (await Storage.Queue.ClaimNextAsync("server-live", T0, Ct))!;
        await Storage.Queue.SetRunIdAsync(dead.Id, "server-dead", 42, Ct);

        var requeued = await Storage.Queue.RequeueAbandonedAsync(owner => owner == "server-live", Ct);
        var resumed = await Storage.Queue.ClaimNextAsync("server-live", T0, Ct);

        requeued.ShouldHaveSingleItem().Id.ShouldBe(dead.Id);
        (resumed!.Id, resumed.PreviousRunId, resumed.RunId, resumed.Owner).ShouldBe((dead.Id, (long?)42, (long?)null, "server-live"));
        (await Storage.Queue.GetAsync(live.Id, Ct))!.Owner.ShouldBe("server-live");
    }

    [Fact]
    public async Task QueueFinish_ByAStaleOwnerAfterATakeover_IsRejected_AndTheNewOwnersEndStands()
    {
        var id = (await Storage.Queue.EnqueueAsync([Run("a")], T0, Ct)).Enqueued[0];
        await Storage.Queue.ClaimNextAsync("server-stalled", T0, Ct);
        (await Storage.Queue.SetRunIdAsync(id, "server-stalled", 41, Ct)).ShouldBeTrue();
        var other = await OpenAsync();

        // The stalled server's lease ran out: another server takes the item back and resumes it.
        (await other.Queue.RequeueAbandonedAsync(owner => owner != "server-stalled", Ct)).ShouldHaveSingleItem().Id.ShouldBe(id);
        var staleWhileQueued = await Storage.Queue.FinishAsync(id, "server-stalled", QueueState.Failed, "late", T0.AddMinutes(1), Ct);
        (await other.Queue.ClaimNextAsync("server-b", T0.AddMinutes(1), Ct))!.Id.ShouldBe(id);
        (await other.Queue.SetRunIdAsync(id, "server-b", 42, Ct)).ShouldBeTrue();
        var staleRunId = await Storage.Queue.SetRunIdAsync(id, "server-stalled", 41, Ct);
        var staleWhileResumed = await Storage.Queue.FinishAsync(id, "server-stalled", QueueState.Failed, "late", T0.AddMinutes(2), Ct);
        var resumedEnd = await other.Queue.FinishAsync(id, "server-b", QueueState.Succeeded, null, T0.AddMinutes(3), Ct);
        var staleAfterTheEnd = await Storage.Queue.FinishAsync(id, "server-stalled", QueueState.Failed, "late", T0.AddMinutes(4), Ct);

        (staleWhileQueued, staleRunId, staleWhileResumed, resumedEnd, staleAfterTheEnd).ShouldBe((false, false, false, true, false));
        var item = (await Storage.Queue.GetAsync(id, Ct))!;
        (item.State, item.Owner, item.RunId, item.PreviousRunId, item.Reason, item.FinishedAt).ShouldBe(
            (QueueState.Succeeded, "server-b", (long?)42, (long?)41, (string?)null, (DateTimeOffset?)T0.AddMinutes(3)));
    }

    [Fact]
    public async Task QueueEnqueue_CancelInProgress_CancelsQueuedAndFlagsRunningOfTheGroup_DedupeDropsRepeats()
    {
        var first = (await Storage.Queue.EnqueueAsync([Run("a", group: "g", dedupe: "k1")], T0, Ct)).Enqueued[0];
        await Storage.Queue.ClaimNextAsync("server-a", T0, Ct);
        var second = (await Storage.Queue.EnqueueAsync([Run("a", group: "g", dedupe: "k2")], T0, Ct)).Enqueued[0];

        var third = await Storage.Queue.EnqueueAsync([Run("a", group: "g", cancelInProgress: true, dedupe: "k3"), Run("a", dedupe: "k3")], T0, Ct);

        third.Enqueued.Count.ShouldBe(1);
        third.CancelRunning.ShouldBe([first]);
        third.Duplicates.ShouldBe(1);
        (await Storage.Queue.GetAsync(second, Ct))!.State.ShouldBe(QueueState.Cancelled);
        (await Storage.Queue.GetAsync(first, Ct))!.ShouldSatisfyAllConditions(i => i.State.ShouldBe(QueueState.Running), i => i.CancelRequested.ShouldBeTrue());
    }

    [Fact]
    public async Task QueueList_FiltersByRepositoryPullRequestAndState_NewestFirst()
    {
        await Storage.Queue.EnqueueAsync([Run("a"), Run("b") with { PullRequest = 7 }, Run("c") with { Repository = "octo/other" }], T0, Ct);

        var all = await Storage.Queue.ListAsync(new QueueQuery(10), Ct);
        var pr = await Storage.Queue.ListAsync(new QueueQuery(10, "octo/repo", 7), Ct);
        var running = await Storage.Queue.ListAsync(new QueueQuery(10, State: QueueState.Running), Ct);

        all.Select(i => i.PipelineId).ShouldBe(["c", "b", "a"]);
        pr.ShouldHaveSingleItem().PipelineId.ShouldBe("b");
        running.ShouldBeEmpty();
    }
}
