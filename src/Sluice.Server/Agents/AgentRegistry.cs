using System.Collections.Concurrent;
using Sluice.Engine.Agents;

namespace Sluice.Server.Agents;

/// <summary>Agents that registered since the server started, with when they were last heard of (for logs and the health answer).</summary>
internal sealed class AgentRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (AgentRegistration Agent, DateTimeOffset SeenAt)> agents = new(StringComparer.Ordinal);

    public void Register(AgentRegistration agent) => agents[agent.Name] = (agent, time.GetUtcNow());

    public void Seen(string name)
    {
        if (agents.TryGetValue(name, out var entry))
        {
            agents[name] = entry with { SeenAt = time.GetUtcNow() };
        }
    }

    public int Count => agents.Count;
}
