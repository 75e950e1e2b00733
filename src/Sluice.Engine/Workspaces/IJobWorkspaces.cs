using Sluice.Core.Planning;

namespace Sluice.Engine.Workspaces;

/// <summary>
/// Gives each job of a run its own checkout (the server: a <c>git worktree</c> of a bare mirror at the event's sha).
/// Contract: <see cref="CreateAsync"/> returns a ready directory or an error as a value; the caller disposes the
/// workspace when the job has ended (its artifacts and cache are collected first). Called concurrently for
/// the jobs of one run.
/// </summary>
internal interface IJobWorkspaces
{
    Task<JobWorkspaceResult> CreateAsync(long runId, PlannedJob job, CancellationToken cancellationToken);
}

/// <summary>A job's own directory, removed on dispose; or why it could not be made.</summary>
internal sealed record JobWorkspaceResult(string? Path, IAsyncDisposable? Lease, string? Error)
{
    public static JobWorkspaceResult Ready(string path, IAsyncDisposable lease) => new(path, lease, null);

    public static JobWorkspaceResult Failed(string error) => new(null, null, error);
}
