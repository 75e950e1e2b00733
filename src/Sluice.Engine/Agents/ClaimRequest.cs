namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/claim</c>: long-polls up to <see cref="WaitSeconds"/> (capped by the server) for a job whose labels the agent has.</summary>
internal sealed record ClaimRequest(string Name, IReadOnlyList<string> Labels, double WaitSeconds);
