namespace Sluice.Core.Scheduling;

/// <summary>
/// One time a schedule fires, with what makes it fire: the cron texts and/or the cadence description
/// (<c>every 2w from 2026-01-05</c>), in declaration order. Several sources firing at the same instant
/// make one fire time.
/// </summary>
internal sealed record ScheduledFire(DateTimeOffset At, IReadOnlyList<string> Sources);
