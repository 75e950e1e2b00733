namespace Sluice.Engine.Releases.Git;

/// <summary>A finished git command.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>The first lines of stderr (or stdout) for an error message.</summary>
    public string Message(string what)
    {
        var text = (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return $"{what} failed (exit {ExitCode}): {string.Join(" / ", lines.Take(4))}";
    }
}
