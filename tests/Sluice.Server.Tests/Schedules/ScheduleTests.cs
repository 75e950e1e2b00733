using Sluice.Core.Events;
using Sluice.Engine.Runs;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Schedules;

/// <summary>on.schedule end to end with a controlled clock: one run per fire time across restarts; missed fires run once at start-up.</summary>
public sealed class ScheduleTests : IAsyncLifetime
{
    private readonly FakeTime time = new(new DateTimeOffset(2026, 3, 2, 10, 0, 30, TimeSpan.Zero));
    private ServerHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await ServerHarness.CreateAsync();
        harness.Time = time;
        harness.Repo.Commit("nightly", (".sluice/hourly.yml", """
            name: hourly
            on:
              schedule:
                cron: "0 * * * *"
            jobs:
              tick:
                run: echo tick
            """));
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>The first tick has seen the pipeline (it starts counting fire times from then).</summary>
    private async Task WaitUntilTrackedAsync()
    {
        for (var i = 0; i < 300 && await harness.Server.Storage.Schedules.GetLastFireAsync(Payloads.Repository, "hourly", CancellationToken.None) is null; i++)
        {
            await Task.Delay(50);
        }

        (await harness.Server.Storage.Schedules.GetLastFireAsync(Payloads.Repository, "hourly", CancellationToken.None)).ShouldBe(time.Now);
    }

    [Fact]
    public async Task Schedule_FireTimeReached_RunsOnceEvenAcrossARestart()
    {
        await harness.StartAsync();
        await WaitUntilTrackedAsync();
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(0, "a pipeline seen for the first time starts from now");

        time.Now = new DateTimeOffset(2026, 3, 2, 11, 0, 5, TimeSpan.Zero);
        var first = (await harness.WaitForFinishedAsync(1)).Single();
        await harness.StopAsync();
        await harness.StartAsync();
        await Task.Delay(1000);
        var items = await harness.WaitForFinishedAsync(1);

        items.Count.ShouldBe(1, "11:00 already ran before the restart");
        (await harness.Server.Storage.Schedules.GetFiresAsync(Payloads.Repository, "hourly", CancellationToken.None))
            .ShouldBe([new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero)]);
        var ev = EventJson.Deserialize(first.EventJson)!;
        ev.Kind.ShouldBe(EventKind.Schedule);
        ev.Branch.ShouldBe("main");
        first.State.ShouldBe(Sluice.Server.Queue.QueueState.Succeeded);
    }

    [Fact]
    public async Task Schedule_SeveralFiresMissedWhileDown_RunOnceAtStartUp()
    {
        await harness.StartAsync();
        await WaitUntilTrackedAsync();
        await harness.StopAsync();

        time.Now = new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);
        await harness.StartAsync();
        var items = await harness.WaitForFinishedAsync(1);
        await Task.Delay(1000);

        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(1, "12:00, 13:00 and 14:00 were missed: one run, not three");
        items.Single().State.ShouldBe(Sluice.Server.Queue.QueueState.Succeeded);
        (await harness.Server.Storage.Schedules.GetFiresAsync(Payloads.Repository, "hourly", CancellationToken.None))
            .ShouldBe([new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero)]);
    }
}
