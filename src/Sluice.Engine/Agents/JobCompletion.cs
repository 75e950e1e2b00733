using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Agents;

/// <summary>
/// <c>POST /agent/v1/jobs/{id}/complete</c>: the job's report and the history writes the agent still held (see
/// <see cref="HistoryBuffer"/>), applied before the ticket ends, behind the same fence check. A body that is a bare
/// <see cref="JobReport"/> (agents before the history field) is accepted too. With <see cref="Next"/> the server, once
/// the ticket is ended, leases the agent its next job at once (no waiting) and answers 200 with it instead of 204: a
/// busy agent then makes one request per job instead of two.
/// </summary>
internal sealed record JobCompletion(JobReport Report, HistoryBatch? History = null, ClaimRequest? Next = null);
