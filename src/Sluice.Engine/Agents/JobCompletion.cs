using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Agents;

/// <summary>
/// <c>POST /agent/v1/jobs/{id}/complete</c>: the job's report and the history writes the agent still held (see
/// <see cref="HistoryBuffer"/>), applied before the ticket ends, behind the same fence check. A body that is a bare
/// <see cref="JobReport"/> (agents before the history field) is accepted too.
/// </summary>
internal sealed record JobCompletion(JobReport Report, HistoryBatch? History = null);
