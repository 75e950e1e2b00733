namespace Sluice.Engine.Deployments;

/// <summary>Which deployment states are final or still under way.</summary>
internal static class DeploymentStates
{
    public static IReadOnlyList<DeploymentState> Active { get; } =
        [DeploymentState.WaitingApproval, DeploymentState.Waiting, DeploymentState.Queued, DeploymentState.InProgress];

    public static bool IsTerminal(this DeploymentState state) => !Active.Contains(state);

    /// <summary>The word people read: <c>in progress</c>, <c>rolled back</c>, <c>waiting for approval</c>.</summary>
    public static string Text(this DeploymentState state) => state switch
    {
        DeploymentState.WaitingApproval => "waiting for approval",
        DeploymentState.InProgress => "in progress",
        DeploymentState.RolledBack => "rolled back",
        _ => state.ToString().ToLowerInvariant(),
    };
}
