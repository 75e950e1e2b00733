namespace Sluice.Engine.Deployments;

/// <summary>
/// The answer to "may this queued deployment start now?": started, locked (refused with the lock), or still
/// queued behind <see cref="Ahead"/> deployments (the first of which, <see cref="Holder"/>, is in progress or next).
/// </summary>
internal sealed record StartAttempt(bool Started, EnvironmentLock? Lock, int Ahead, long? Holder)
{
    public static StartAttempt Go { get; } = new(true, null, 0, null);
}
