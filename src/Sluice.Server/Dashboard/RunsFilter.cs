using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>The runs page's filters (all optional) and how many runs to show.</summary>
internal sealed record RunsFilter(string? Repository, string? Pipeline, string? Branch, RunState? State, int Limit);
