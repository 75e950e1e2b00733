using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Agents;

/// <summary>
/// A job leased to the agent. Every later call about it carries <see cref="Id"/> in the path and <see cref="Token"/> (the
/// fencing token) in the <c>Sluice-Lease-Token</c> header; <see cref="Attempt"/> grows each time the job is re-leased.
/// </summary>
internal sealed record ClaimedTicket(long Id, long Token, int Attempt, long RunId, string JobKey, DateTimeOffset LeaseExpiresAt, JobPayload Payload);
