using Sluice.Engine.Dispatch;

namespace Sluice.Engine.Agents;

/// <summary>The answer to <c>POST /agent/v1/jobs/{id}/renew</c>: held (go on), cancelRequested (stop the steps, then report), lost (stop, write nothing).</summary>
internal sealed record RenewReply(LeaseStatus Status, DateTimeOffset? LeaseExpiresAt);
