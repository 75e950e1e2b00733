namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// A step's process group as the reaper remembers it: <see cref="Id"/> is the pid of the step's shell, which leads a
/// session and group of the same id, and <see cref="StartTime"/> its start time (<see cref="ProcStat.StartTime"/>; 0 when
/// the leader was gone already when it was reported).
/// </summary>
internal sealed record StepGroup(int Id, long StartTime);
