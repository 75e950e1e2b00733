namespace Sluice.Engine.Git;

/// <summary>The outcome of one git command: a value, never an exception for a non-zero exit.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Ok => ExitCode == 0;
}
