using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>Several queue instances on one database (as several servers or processes), and wake-ups.</summary>
public abstract partial class JobQueueContract
{
    [Fact]
    public async Task Claim_EightClaimersOnSeparateInstances_ClaimEveryTicketExactlyOnce()
    {
        const int Tickets = 200;
        for (var i = 0; i < Tickets; i++)
        {
            await Queue.EnqueueAsync(Ticket($"job{i}", i % 2 == 0 ? ["linux"] : []), T0.AddMilliseconds(i), Ct);
        }

        var claimers = new List<IJobQueue>();
        for (var i = 0; i < 8; i++)
        {
            claimers.Add(await AnotherAsync());
        }

        var claims = new ConcurrentBag<(string Worker, long Id)>();
        await Task.WhenAll(claimers.Select((queue, n) => Task.Run(async () =>
        {
            while (await queue.ClaimAsync($"w{n}", ["linux"], Lease, T0.AddSeconds(1), Ct) is { } claimed)
            {
                claims.Add(($"w{n}", claimed.Id));
            }
        })));

        claims.Count.ShouldBe(Tickets);
        claims.Select(c => c.Id).Distinct().Count().ShouldBe(Tickets);
        (await Queue.DepthAsync(Ct)).Sum(d => d.Queued).ShouldBe(0);
    }

    [Fact]
    public async Task Wait_EnqueueFromAnotherInstance_WakesWellBeforeTheTimeout()
    {
        var other = await AnotherAsync();
        var watch = Stopwatch.StartNew();

        var waiter = WaitForQueuedAsync(Queue);
        await Task.Delay(300);
        await other.EnqueueAsync(Ticket(), T0, Ct);
        await waiter;

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Wait_EnqueueOnTheSameInstance_Wakes()
    {
        var watch = Stopwatch.StartNew();
        var waiting = Queue.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await Queue.EnqueueAsync(Ticket(), T0, Ct);
        await waiting;

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Wait_NothingHappens_ReturnsAfterTheTimeout()
    {
        // A queue may wake its first waiter once, spuriously (PostgreSQL: when LISTEN is in place); later waits are quiet.
        var waited = TimeSpan.Zero;
        for (var i = 0; i < 3 && waited < TimeSpan.FromMilliseconds(250); i++)
        {
            var watch = Stopwatch.StartNew();
            await Queue.WaitAsync(TimeSpan.FromMilliseconds(300), Ct);
            waited = watch.Elapsed;
        }

        waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task Wait_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            while (true)
            {
                await Queue.WaitAsync(TimeSpan.FromSeconds(20), cancel.Token);
            }
        });
    }

    /// <summary>What a dispatcher does: re-read after every wake-up until there is work; each wait would take 20 s on its own.</summary>
    private protected static Task WaitForQueuedAsync(IJobQueue queue) => Task.Run(async () =>
    {
        while ((await queue.DepthAsync(Ct)).Sum(d => d.Queued) == 0)
        {
            await queue.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        }
    });
}
