using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>One job instance as the graph sees it: <see cref="Needs"/> are instance keys; <see cref="Elapsed"/> is null until it starts.</summary>
internal sealed record GraphJob(string Key, string JobId, string DisplayName, IReadOnlyList<string> Needs, JobState State, TimeSpan? Elapsed);
