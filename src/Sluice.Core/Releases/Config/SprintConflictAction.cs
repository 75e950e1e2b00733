namespace Sluice.Core.Releases.Config;

internal enum SprintConflictAction
{
    /// <summary>Comment on the pull request, close it, and roll up anyway.</summary>
    Close,

    /// <summary>Stop the roll-up with exit code 1.</summary>
    Fail,
}
