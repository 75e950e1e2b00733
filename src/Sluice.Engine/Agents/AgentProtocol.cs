namespace Sluice.Engine.Agents;

/// <summary>Names shared by the agent and the server (docs/agent-protocol.md).</summary>
internal static class AgentProtocol
{
    public const string Prefix = "/agent/v1";

    /// <summary>The header every call about a leased job carries: the fencing token of the lease.</summary>
    public const string LeaseHeader = "Sluice-Lease-Token";

    public static string Job(long id, string what) => $"{Prefix}/jobs/{id}/{what}";
}
