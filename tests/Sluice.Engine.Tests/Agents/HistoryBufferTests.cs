using Microsoft.Extensions.Time.Testing;
using Sluice.Engine.Agents;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Agents;

/// <summary>The agent's hold on a job's history writes: sent after the delay, or handed to the complete request.</summary>
public sealed class HistoryBufferTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<HistoryBatch> sent = [];

    [Fact]
    public async Task Take_BeforeTheDelay_ReturnsEveryHeldWriteInOrderAndSendsNothing()
    {
        using var buffer = Buffer();

        buffer.Add([Write(1), Write(2)]);
        buffer.Add([Write(3)]);
        time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        var (last, error) = await buffer.TakeAsync();

        sent.ShouldBeEmpty();
        error.ShouldBeNull();
        Sequences(last!).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task Add_ThenTheDelayPasses_SendsOneBatchAndTakeFindsNothingLeft()
    {
        using var buffer = Buffer();

        buffer.Add([Write(1)]);
        buffer.Add([Write(2)]);
        time.Advance(Delay);
        await WaitForAsync(() => sent.Count == 1);
        var (last, _) = await buffer.TakeAsync();

        Sequences(sent.Single()).ShouldBe([1, 2]);
        last.ShouldBeNull();
    }

    [Fact]
    public async Task Add_AfterASend_StartsANewDelay()
    {
        using var buffer = Buffer();
        buffer.Add([Write(1)]);
        time.Advance(Delay);
        await WaitForAsync(() => sent.Count == 1);

        buffer.Add([Write(2)]);
        time.Advance(Delay / 2);
        var countBefore = sent.Count;
        var (last, _) = await buffer.TakeAsync();

        countBefore.ShouldBe(1);
        Sequences(last!).ShouldBe([2]);
    }

    [Fact]
    public async Task Flush_SendsWhatIsHeldAtOnce()
    {
        using var buffer = Buffer();
        buffer.Add([Write(1)]);

        await buffer.FlushAsync();
        buffer.Add([Write(2)]);
        var (last, _) = await buffer.TakeAsync();

        Sequences(sent.Single()).ShouldBe([1]);
        Sequences(last!).ShouldBe([2]);
    }

    [Fact]
    public async Task Take_AfterAFailedSend_ReportsTheFailure()
    {
        using var buffer = new HistoryBuffer(_ => throw new HttpRequestException("server gone"), Delay, time);
        buffer.Add([Write(1)]);

        await buffer.FlushAsync();
        var (last, error) = await buffer.TakeAsync();

        last.ShouldBeNull();
        error.ShouldBeOfType<HttpRequestException>().Message.ShouldBe("server gone");
    }

    private HistoryBuffer Buffer() => new(batch =>
    {
        lock (sent)
        {
            sent.Add(batch);
        }

        return Task.CompletedTask;
    }, Delay, time);

    private static HistoryWrite Write(long sequence) =>
        new(Logs: new LogBatch([new LogEntry(sequence, 1, 1, DateTimeOffset.UnixEpoch, "stdout", $"line {sequence}")]));

    private static List<long> Sequences(HistoryBatch batch) => batch.Writes.SelectMany(w => w.Logs!.Lines).Select(l => l.Sequence).ToList();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue();
    }
}
