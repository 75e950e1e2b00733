namespace Sluice.Engine.Agents;

/// <summary>How an agent's session ended: jobs it ran and how many of them failed; <see cref="Error"/> when it could not work at all (token refused).</summary>
internal sealed record AgentRunResult(int Jobs, int Failed, string? Error);
