namespace Sluice.Engine.Deployments;

/// <summary>
/// One environment now: what runs there (<see cref="Current"/>: the newest succeeded deployment), what is under way
/// (waiting for approval, waiting, queued, in progress; oldest first), its lock and, from <c>environments.yml</c>,
/// whether it is blocked.
/// </summary>
internal sealed record EnvironmentStatus(
    string Environment,
    string? Url,
    DeploymentRecord? Current,
    IReadOnlyList<DeploymentRecord> Active,
    EnvironmentLock? Lock,
    string? Blocked);
