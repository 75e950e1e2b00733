using System.Diagnostics;

namespace Sluice.Server.Agents;

/// <summary>
/// The tree of a commit as a tar stream (<c>git archive --format=tar</c> in the repository's bare mirror), copied to the
/// agent as git writes it, so a large tree never sits in memory or on the server's disk.
/// </summary>
internal static class SourceArchive
{
    /// <summary>Writes the archive to <paramref name="target"/>; returns git's error text, or null on success.</summary>
    public static async Task<string?> WriteAsync(string mirror, string sha, Stream target, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = mirror,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "archive", "--format=tar", sha })
        {
            info.ArgumentList.Add(arg);
        }

        using var git = Process.Start(info) ?? throw new InvalidOperationException("cannot start git");
        var error = git.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await git.StandardOutput.BaseStream.CopyToAsync(target, cancellationToken);
            await git.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            git.Kill(entireProcessTree: true);
            throw;
        }

        return git.ExitCode == 0 ? null : (await error).Trim();
    }
}
