namespace Sluice.Engine.Workspaces;

/// <summary>An isolated workspace, or why it could not be made.</summary>
internal sealed record WorkspaceResult(IsolatedWorkspace? Workspace, string? Error)
{
    public static WorkspaceResult Ready(IsolatedWorkspace workspace) => new(workspace, null);

    public static WorkspaceResult Failed(string error) => new(null, error);
}
