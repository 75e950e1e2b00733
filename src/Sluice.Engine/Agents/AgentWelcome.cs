namespace Sluice.Engine.Agents;

/// <summary>The answer to a registration: the lease the server grants and how often to renew it (a third of the lease).</summary>
internal sealed record AgentWelcome(string Name, double LeaseSeconds, double RenewSeconds, double MaxWaitSeconds);
