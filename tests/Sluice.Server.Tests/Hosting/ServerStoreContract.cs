using System.Collections.Concurrent;
using Sluice.Engine.Storage;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Hosting;

/// <summary>
/// What the server's stores (<see cref="ServerStorage"/>: inbox, run queue, schedules, API tokens, comment links,
/// leases) do whatever database is behind them. A subclass gives the database; <see cref="OpenAsync"/> opens another
/// storage on it, like a second server process, for the tests of several servers at once. Split by topic (partial).
/// </summary>
public abstract partial class ServerStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Support.TempDirectory temp = new();
    private readonly List<ServerStorage> opened = [];
    private ServerStorage? storage;

    private protected static CancellationToken Ct => CancellationToken.None;

    private protected ServerStorage Storage => storage ?? throw new InvalidOperationException("not initialized");

    /// <summary>The database under test (null: SQLite in the data directory); the same for every <see cref="OpenAsync"/>.</summary>
    private protected abstract Task<RunStoreLocation?> DatabaseAsync();

    public virtual async Task InitializeAsync() => storage = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var s in opened)
        {
            await s.DisposeAsync();
        }

        temp.Dispose();
    }

    /// <summary>Another storage on the same database (and data directory), migrated.</summary>
    private protected async Task<ServerStorage> OpenAsync()
    {
        var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(temp.Path, "data"), null, "http://127.0.0.1:1", 1, 1, false,
            new Dictionary<string, string>(), [], TimeSpan.FromSeconds(1)) { Database = await DatabaseAsync() };
        var s = await ServerStorage.OpenAsync(config, TimeProvider.System, Ct);
        opened.Add(s);
        return s;
    }

    private protected static NewDelivery Delivery(string id, int second = 0) =>
        new(id, "push", "octo/repo", $$"""{"delivery":"{{id}}"}""", T0.AddSeconds(second));

    private protected static QueueRequest Run(string pipeline = "ci", string? group = null, bool cancelInProgress = false, string? dedupe = null) =>
        new("octo/repo", pipeline, QueueKind.Pipeline, """{"kind":"push"}""", DedupeKey: dedupe, ConcurrencyGroup: group, CancelInProgress: cancelInProgress, Sha: "abc");

    [Fact]
    public async Task InboxAdd_SameDeliveryOnTwoServersAtOnce_IsStoredOnce()
    {
        var other = await OpenAsync();

        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? Storage : other).Inbox.AddAsync(Delivery("same"), Ct))));

        added.Count(a => a).ShouldBe(1);
        (await Storage.Inbox.CountAsync(InboxState.Pending, Ct)).ShouldBe(1);
        (await other.Inbox.FindAsync("same", Ct)).ShouldNotBeNull().ReceivedAt.ShouldBe(T0);
    }

    [Fact]
    public async Task InboxClaim_GivesPendingDeliveriesToOneServerAtATime_InArrivalOrder()
    {
        foreach (var (id, i) in new[] { "d1", "d2", "d3" }.Select((d, i) => (d, i)))
        {
            await Storage.Inbox.AddAsync(Delivery(id, i), Ct);
        }

        var first = await Storage.Inbox.ClaimAsync("server-a", 2, Ct);
        var whileAHolds = await Storage.Inbox.ClaimAsync("server-b", 10, Ct);
        var aAgain = await Storage.Inbox.ClaimAsync("server-a", 10, Ct);
        foreach (var entry in aAgain)
        {
            await Storage.Inbox.CompleteAsync(entry.Id, "done", [], T0, Ct);
        }

        await Storage.Inbox.AddAsync(Delivery("d4", 4), Ct);
        var afterA = await Storage.Inbox.ClaimAsync("server-b", 10, Ct);

        first.Select(e => e.DeliveryId).ShouldBe(["d1", "d2"]);
        whileAHolds.ShouldBeEmpty();
        aAgain.Select(e => e.DeliveryId).ShouldBe(["d1", "d2", "d3"]);
        afterA.Select(e => e.DeliveryId).ShouldBe(["d4"]);
    }

    [Fact]
    public async Task InboxClaim_TwoServersDraining_ProcessEachDeliveryOnce()
    {
        var other = await OpenAsync();
        for (var i = 0; i < 40; i++)
        {
            await Storage.Inbox.AddAsync(Delivery($"d{i}", i), Ct);
        }

        var processed = new ConcurrentBag<string>();
        async Task DrainAsync(ServerStorage s, string owner)
        {
            while (await s.Inbox.CountAsync(InboxState.Pending, Ct) > 0)
            {
                foreach (var entry in await s.Inbox.ClaimAsync(owner, 3, Ct))
                {
                    processed.Add(entry.DeliveryId);
                    await s.Inbox.CompleteAsync(entry.Id, owner, [Run(dedupe: entry.DeliveryId)], T0, Ct);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(Storage, "server-a")), Task.Run(() => DrainAsync(other, "server-b")));

        processed.Count.ShouldBe(40);
        processed.Distinct().Count().ShouldBe(40);
        (await Storage.Queue.CountAsync(Ct)).ShouldBe(40);
    }

    [Fact]
    public async Task InboxRelease_DeadOwnersClaims_GoToAnotherServer_LiveOnesStay()
    {
        await Storage.Inbox.AddAsync(Delivery("d1"), Ct);
        await Storage.Inbox.ClaimAsync("server-a", 10, Ct);

        var whileAlive = await Storage.Inbox.ReleaseAbandonedAsync(_ => true, Ct);
        var blocked = await Storage.Inbox.ClaimAsync("server-b", 10, Ct);
        var released = await Storage.Inbox.ReleaseAbandonedAsync(owner => owner != "server-a", Ct);
        var taken = await Storage.Inbox.ClaimAsync("server-b", 10, Ct);

        (whileAlive, blocked.Count, released).ShouldBe((0, 0, 1));
        taken.ShouldHaveSingleItem().DeliveryId.ShouldBe("d1");
    }

    [Fact]
    public async Task InboxFail_NotFinal_ReleasesTheClaim_Final_GivesUp()
    {
        await Storage.Inbox.AddAsync(Delivery("d1"), Ct);
        var id = (await Storage.Inbox.ClaimAsync("server-a", 10, Ct))[0].Id;

        await Storage.Inbox.FailAsync(id, "git fetch failed", final: false, T0, Ct);
        var retried = await Storage.Inbox.ClaimAsync("server-b", 10, Ct);
        await Storage.Inbox.FailAsync(id, "git fetch failed again", final: true, T0, Ct);

        retried.ShouldHaveSingleItem().Attempts.ShouldBe(1);
        (await Storage.Inbox.FindAsync("d1", Ct)).ShouldNotBeNull().ShouldSatisfyAllConditions(
            e => e.State.ShouldBe(InboxState.Failed), e => e.Attempts.ShouldBe(2), e => e.Outcome.ShouldBe("git fetch failed again"));
    }

    [Fact]
    public async Task InboxComplete_EnqueuesItsRunsOnce()
    {
        await Storage.Inbox.AddAsync(Delivery("d1"), Ct);
        var id = (await Storage.Inbox.ClaimAsync("server-a", 10, Ct))[0].Id;

        var first = await Storage.Inbox.CompleteAsync(id, "2 runs", [Run("ci"), Run("lint")], T0, Ct);
        var again = await Storage.Inbox.CompleteAsync(id, "2 runs", [Run("ci"), Run("lint")], T0, Ct);

        first.Enqueued.Count.ShouldBe(2);
        again.ShouldBe(EnqueueResult.Empty);
        (await Storage.Queue.CountAsync(Ct)).ShouldBe(2);
        (await Storage.Inbox.FindAsync("d1", Ct)).ShouldNotBeNull().ShouldSatisfyAllConditions(e => e.State.ShouldBe(InboxState.Processed), e => e.Outcome.ShouldBe("2 runs"));
    }
}
