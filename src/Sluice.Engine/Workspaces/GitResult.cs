namespace Sluice.Engine.Workspaces;

/// <summary>What a git command printed (trimmed) and its exit code.</summary>
internal sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Ok => ExitCode == 0;
}
