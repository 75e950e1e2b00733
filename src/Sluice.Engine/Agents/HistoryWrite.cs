namespace Sluice.Engine.Agents;

/// <summary>
/// One write of a <see cref="HistoryBatch"/>: exactly one part is set, with the body its single-write endpoint takes
/// (<c>logs</c>, <c>steps</c>, <c>state</c>, <c>outputs</c>).
/// </summary>
internal sealed record HistoryWrite(LogBatch? Logs = null, StepUpdate? Step = null, StateUpdate? State = null, OutputsUpdate? Outputs = null);
