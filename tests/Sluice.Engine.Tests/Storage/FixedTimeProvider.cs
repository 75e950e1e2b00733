namespace Sluice.Engine.Tests.Storage;

/// <summary>A clock that reads a settable instant; timers and delays stay real (inherited).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
