namespace Sluice.Engine.Storage;

/// <summary>How much history to keep: runs younger than <see cref="MaxAge"/>, and always the newest <see cref="KeepLast"/>.</summary>
internal sealed record RetentionPolicy(TimeSpan MaxAge, int KeepLast)
{
    /// <summary>30 days, and never fewer than the newest 100 runs.</summary>
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(30), 100);
}
