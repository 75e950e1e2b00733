namespace Sluice.Core.Tests.Deployments;

/// <summary>A clock that only moves when the test moves it (the sequencer and approvals only read the time).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ManualClock()
        : this(Start)
    {
    }

    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
