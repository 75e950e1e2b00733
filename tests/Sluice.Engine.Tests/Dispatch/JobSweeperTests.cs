using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>The sweeper on a real SQLite queue, its clock and timer driven by a <see cref="FakeTimeProvider"/>.</summary>
public sealed class JobSweeperTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory temp = new();
    private readonly FakeTimeProvider time = new(T0);
    private readonly ConcurrentQueue<SweepAction> actions = new();
    private readonly ConcurrentQueue<Exception> errors = new();
    private readonly SemaphoreSlim reported = new(0);
    private SqliteJobQueue? queue;

    private SqliteJobQueue Queue => queue ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        queue = new SqliteJobQueue(Path.Combine(temp.Path, "sluice.db"), time);
        await Queue.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Queue.DisposeAsync();
        reported.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Run_SweepsAtOnceAndThenEveryIntervalAtTheClocksTime()
    {
        var id = await Queue.EnqueueAsync(Ticket(pickup: TimeSpan.FromSeconds(25)), T0, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var sweeper = NewSweeper(Queue, TimeSpan.FromSeconds(10));
        var running = sweeper.RunAsync(stop.Token);

        for (var i = 0; i < 2; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
        }

        await Task.Delay(200);
        actions.ShouldBeEmpty();
        time.Advance(TimeSpan.FromSeconds(10));
        (await reported.WaitAsync(Wait)).ShouldBeTrue();

        actions.ShouldBe([new SweepAction(id, SweepOutcome.NeverPickedUp, "no agent picked it up within 25s")]);
        (await Queue.GetAsync(id, CancellationToken.None)).ShouldNotBeNull().FinishedAt.ShouldBe(T0.AddSeconds(30));
        await stop.CancelAsync();
        await running.WaitAsync(Wait);
    }

    [Fact]
    public async Task Run_ASweepThrows_ReportsItAndSweepsAgainOnTheNextTick()
    {
        var id = await Queue.EnqueueAsync(Ticket(pickup: TimeSpan.FromSeconds(5)), T0, CancellationToken.None);
        var flaky = new FlakyQueue(Queue);
        using var stop = new CancellationTokenSource();
        var running = NewSweeper(flaky, TimeSpan.FromSeconds(10)).RunAsync(stop.Token);
        await Until(() => flaky.Sweeps == 1);

        time.Advance(TimeSpan.FromSeconds(10));
        await Until(() => flaky.Sweeps == 2);
        flaky.Broken = false;
        time.Advance(TimeSpan.FromSeconds(10));
        (await reported.WaitAsync(Wait)).ShouldBeTrue();

        errors.Count.ShouldBe(2);
        actions.Single().Id.ShouldBe(id);
        await stop.CancelAsync();
        await running.WaitAsync(Wait);
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsWithoutThrowing()
    {
        using var stop = new CancellationTokenSource();
        var running = NewSweeper(Queue, TimeSpan.FromSeconds(10)).RunAsync(stop.Token);

        await stop.CancelAsync();

        await running.WaitAsync(Wait);
        running.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void New_NonPositiveInterval_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => NewSweeper(Queue, TimeSpan.Zero));
    }

    private static JobTicket Ticket(TimeSpan pickup) => new("q1", 1, "build", [], "{}", 0, TimeSpan.FromHours(1), pickup);

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; !condition(); i++)
        {
            i.ShouldBeLessThan(500, "condition not met in time");
            await Task.Delay(20);
        }
    }

    private JobSweeper NewSweeper(IJobQueue on, TimeSpan interval) => new(on, time, interval,
        a =>
        {
            actions.Enqueue(a);
            reported.Release();
        },
        errors.Enqueue);

    /// <summary>The real queue, with sweeps that fail while <see cref="Broken"/> (as with the database unreachable).</summary>
    private sealed class FlakyQueue(IJobQueue inner) : IJobQueue
    {
        private int sweeps;

        public bool Broken { get; set; } = true;

        public int Sweeps => Volatile.Read(ref sweeps);

        public Task<IReadOnlyList<SweepAction>> SweepAsync(DateTimeOffset at, CancellationToken cancellationToken)
        {
            var broken = Broken;
            Interlocked.Increment(ref sweeps);
            return broken ? throw new IOException("database unreachable") : inner.SweepAsync(at, cancellationToken);
        }

        public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

        public Task<long> EnqueueAsync(JobTicket ticket, DateTimeOffset at, CancellationToken cancellationToken) => inner.EnqueueAsync(ticket, at, cancellationToken);

        public Task<ClaimedJob?> ClaimAsync(string worker, IReadOnlyCollection<string> workerLabels, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.ClaimAsync(worker, workerLabels, lease, at, cancellationToken);

        public Task<LeaseStatus> RenewAsync(long id, long token, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.RenewAsync(id, token, lease, at, cancellationToken);

        public Task<bool> CompleteAsync(long id, long token, DispatchState state, string resultJson, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.CompleteAsync(id, token, state, resultJson, at, cancellationToken);

        public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) => inner.CancelAsync(id, reason, at, cancellationToken);

        public Task<DispatchedJob?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<DispatchedJob?> GetStatusAsync(long id, CancellationToken cancellationToken) => inner.GetStatusAsync(id, cancellationToken);

        public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) => inner.DepthAsync(cancellationToken);

        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitAsync(timeout, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
