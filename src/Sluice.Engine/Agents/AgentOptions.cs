namespace Sluice.Engine.Agents;

/// <summary>How <c>sluice agent</c> runs.</summary>
/// <param name="Labels">What this agent offers; it takes only jobs whose <c>runs-on</c> labels are all among them.</param>
/// <param name="Capacity">Jobs run at once.</param>
/// <param name="Once">Take one job, run it, exit.</param>
/// <param name="DataDirectory">Where the agent keeps its blobs (artifacts), caches and job directories.</param>
/// <param name="ClaimWait">How long one claim long-polls (the server caps it).</param>
internal sealed record AgentOptions(
    string Name,
    IReadOnlyList<string> Labels,
    int Capacity,
    bool Once,
    string DataDirectory,
    TimeSpan ClaimWait,
    TimeSpan KillGrace)
{
    public static readonly TimeSpan DefaultClaimWait = TimeSpan.FromSeconds(25);
}
