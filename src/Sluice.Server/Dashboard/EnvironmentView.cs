using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// An environment of a repository as the dashboard shows it: the version deployed last (<see cref="Current"/>), what
/// is deploying now, queue items that will deploy to it, and the history, newest first.
/// </summary>
internal sealed record EnvironmentView(
    string Repository,
    string Environment,
    DeploymentEntry? Current,
    IReadOnlyList<DeploymentEntry> InProgress,
    IReadOnlyList<QueueItem> Queue,
    IReadOnlyList<DeploymentEntry> History);
