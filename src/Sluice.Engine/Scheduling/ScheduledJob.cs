namespace Sluice.Engine.Scheduling;

/// <summary>
/// A node of the job graph as the scheduler sees it. Matrix instances of one job share a
/// <see cref="Group"/> (the job id): <see cref="GroupMaxParallel"/> caps how many of them run at once and
/// <see cref="FailFast"/> cancels the others when one fails.
/// </summary>
internal sealed record ScheduledJob(string Key, string DisplayName, IReadOnlyList<string> Needs, string Group, int? GroupMaxParallel, bool FailFast);
