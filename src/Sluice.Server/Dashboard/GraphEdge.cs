namespace Sluice.Server.Dashboard;

/// <summary>A <c>needs</c> edge between two drawn jobs (by job id); critical when the critical path goes along it.</summary>
internal sealed record GraphEdge(string From, string To, bool Critical);
