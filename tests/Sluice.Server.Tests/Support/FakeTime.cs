namespace Sluice.Server.Tests.Support;

/// <summary>A clock the test sets; timers (delays) still run in real time, so periodic loops keep ticking while "now" stays where the test put it.</summary>
internal sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
