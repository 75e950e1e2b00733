using Sluice.Core.Deployments;
using Sluice.Engine.Deployments;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>
/// What every <see cref="IDeploymentStore"/> does, whatever database is behind it: queue order, locks, decisions and
/// roll back targets. A subclass supplies stores on one fresh, migrated database (<see cref="OpenStoreAsync"/>; a
/// second call opens another store on the same database, like a second process).
/// </summary>
public abstract class DeploymentStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private IDeploymentStore store = null!;
    private DeploymentCommands commands = null!;

    /// <summary>A store on the test's database (migrated on the first call).</summary>
    private protected abstract Task<IDeploymentStore> OpenStoreAsync();

    public virtual async Task InitializeAsync()
    {
        store = await OpenStoreAsync();
        commands = new DeploymentCommands(store, new FixedTimeProvider(T0));
    }

    public virtual async Task DisposeAsync()
    {
        await store.DisposeAsync();
    }

    private Task<long> AddAsync(string version, DeploymentState state, string environment = "production", long run = 1) => AddAsync(store, version, state, environment, run);

    private static Task<long> AddAsync(IDeploymentStore store, string version, DeploymentState state, string environment = "production", long run = 1) =>
        store.CreateAsync(new NewDeployment(environment, version, null, null, null, "repo", "ci", run, "deploy", "dave", "auto", "none", null, "test:1", null, 1, T0),
            state, null, CancellationToken.None);

    [Fact]
    public async Task TryStart_LetsTheOldestQueuedGoFirst_AndOnlyOneAtATime()
    {
        var first = await AddAsync("v1", DeploymentState.Queued);
        var second = await AddAsync("v2", DeploymentState.Queued);
        await AddAsync("other", DeploymentState.Queued, environment: "staging");

        var secondEarly = await store.TryStartAsync(second, T0, CancellationToken.None);
        var firstStart = await store.TryStartAsync(first, T0, CancellationToken.None);
        var secondWhileFirstRuns = await store.TryStartAsync(second, T0, CancellationToken.None);
        await store.SetStateAsync(first, DeploymentState.Succeeded, null, T0.AddMinutes(1), CancellationToken.None);
        var secondAfter = await store.TryStartAsync(second, T0.AddMinutes(1), CancellationToken.None);

        secondEarly.ShouldBe(new StartAttempt(false, null, 1, first));
        firstStart.Started.ShouldBeTrue();
        secondWhileFirstRuns.Holder.ShouldBe(first);
        secondAfter.Started.ShouldBeTrue();
        (await store.GetAsync(second, CancellationToken.None))!.StartedAt.ShouldBe(T0.AddMinutes(1));
    }

    [Fact]
    public async Task TryStart_OnALockedEnvironment_ReturnsTheLock()
    {
        var id = await AddAsync("v1", DeploymentState.Queued);
        await commands.LockAsync("production", "alice", "incident 42", CancellationToken.None);
        await commands.LockAsync("production", "bob", "incident 43", CancellationToken.None);

        var attempt = await store.TryStartAsync(id, T0, CancellationToken.None);

        attempt.Lock.ShouldBe(new EnvironmentLock("production", "bob", "incident 43", T0));
        (await store.ListLocksAsync(CancellationToken.None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Decide_NeedsAPendingApproval_AndChecksItsRule()
    {
        var id = await AddAsync("v1", DeploymentState.WaitingApproval);
        var before = await commands.DecideAsync(id, "alice", true, null, CancellationToken.None);
        var request = new ApprovalRequest(new ApprovalRule(["alice", "bob"], [], 2, TimeSpan.FromHours(1), false), ["alice", "bob"], "dave", T0);
        await store.OpenGateAsync(id, new PendingApproval(0, request), CancellationToken.None);

        var alice = await commands.DecideAsync(id, "alice", true, "ok", CancellationToken.None);
        var record = (await store.GetAsync(id, CancellationToken.None))!;

        before.Message.ShouldBe($"deployment #{id} to production is not waiting for an approval (waiting for approval)");
        alice.Recorded.ShouldBeTrue();
        var stored = record.PendingApproval!.Request;
        (stored.Rule.Required, stored.Rule.Timeout, stored.Rule.SelfApproval, stored.TriggeredBy, stored.RequestedAt).ShouldBe((2, TimeSpan.FromHours(1), false, "dave", T0));
        record.PendingApproval.Request.Reviewers.ShouldBe(["alice", "bob"]);
        record.ApprovedBy.ShouldBe(["alice"]);
        (await store.GetDecisionsAsync(id, 0, CancellationToken.None)).ShouldHaveSingleItem().Comment.ShouldBe("ok");
    }

    [Fact]
    public async Task RollbackTarget_IsTheNewestGoodVersionOtherThanTheCurrentOne()
    {
        await AddAsync("v1", DeploymentState.Succeeded);
        await AddAsync("v2", DeploymentState.Succeeded);
        await AddAsync("v3", DeploymentState.RolledBack);
        await AddAsync("v2", DeploymentState.Succeeded);

        var previous = await commands.RollbackTargetAsync("production", null, CancellationToken.None);
        var named = await commands.RollbackTargetAsync("production", "v2", CancellationToken.None);
        var never = await commands.RollbackTargetAsync("production", "v3", CancellationToken.None);

        previous.Target!.Version.ShouldBe("v1");
        named.Target!.Id.ShouldBe(4);
        never.Problem.ShouldBe("production never had a successful deployment of v3");
    }

    [Fact]
    public async Task TryStart_FromTwoProcessesAtOnce_StartsOneDeploymentOfTheEnvironment()
    {
        await using var other = await OpenStoreAsync();
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await AddAsync($"v{i}", DeploymentState.Queued));
        }

        // Each process tries every deployment, newest first, as waiting deployments do; only the oldest may start.
        var attempts = await Task.WhenAll(new[] { store, other }.Select(s => Task.Run(async () =>
        {
            var started = new List<long>();
            foreach (var id in ids.AsEnumerable().Reverse())
            {
                if ((await s.TryStartAsync(id, T0, CancellationToken.None)).Started)
                {
                    started.Add(id);
                }
            }

            return started;
        })));

        attempts.SelectMany(a => a).Distinct().ShouldBe([ids[0]]);
        (await store.ListAsync(new DeploymentQuery("production", ActiveOnly: true, Limit: 50), CancellationToken.None)).Count(d => d.State == DeploymentState.InProgress).ShouldBe(1);
    }
}
