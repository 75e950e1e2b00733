namespace Sluice.Server.Dashboard;

/// <summary>A laid-out job graph: nodes, edges, the instance keys on the critical path (in order), and the drawing's size.</summary>
internal sealed record GraphLayout(IReadOnlyList<GraphGroup> Groups, IReadOnlyList<GraphEdge> Edges, IReadOnlyList<string> CriticalPath, double Width, double Height);
