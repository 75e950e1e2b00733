using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// How an agent's job ended: its <see cref="State"/> as reported (null when the lease was lost and the result dropped),
/// and the <see cref="Next"/> job the server leased to the agent with the completion, if it asked for one and one was ready.
/// </summary>
internal sealed record AgentJobEnd(JobState? State, ClaimedTicket? Next)
{
    public static AgentJobEnd LeaseLost { get; } = new(null, null);
}
