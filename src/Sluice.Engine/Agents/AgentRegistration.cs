namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/register</c>: who the agent is, what it offers (its <c>runs-on</c> labels) and how many jobs it runs at once.</summary>
internal sealed record AgentRegistration(string Name, IReadOnlyList<string> Labels, int Capacity);
