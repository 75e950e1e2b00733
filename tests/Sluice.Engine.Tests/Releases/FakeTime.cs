namespace Sluice.Engine.Tests.Releases;

/// <summary>A clock the test sets; releases date changelogs and count sprints from it.</summary>
internal sealed class FakeTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
