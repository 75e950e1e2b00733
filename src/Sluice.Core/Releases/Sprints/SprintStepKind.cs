namespace Sluice.Core.Releases.Sprints;

internal enum SprintStepKind
{
    /// <summary>The roll-up for this sprint already happened: change nothing.</summary>
    Nothing,

    /// <summary>No sprint branch exists yet: open the first one, release nothing.</summary>
    Bootstrap,

    /// <summary>Close the open sprint (merge its pull request), release, open the next sprint.</summary>
    RollUp,

    /// <summary>The sprint branch exists but its pull request is missing (an interrupted run): open the pull request only.</summary>
    OpenPullRequest,
}
