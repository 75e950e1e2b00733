namespace Sluice.Engine.State;

/// <summary>Which rule chose the state directory, in order of precedence.</summary>
internal enum StateDirectorySource
{
    /// <summary>The <c>--state-dir</c> flag.</summary>
    Flag,

    /// <summary>The <c>SLUICE_STATE_DIR</c> environment variable.</summary>
    Environment,

    /// <summary><c>&lt;git common dir&gt;/sluice</c>: shared by every worktree of the repository, invisible to <c>git status</c>.</summary>
    GitCommonDirectory,

    /// <summary><c>./.sluice-state</c> outside any git repository.</summary>
    WorkingDirectory,
}
