using System.Diagnostics;

namespace Sluice.Engine.Git;

/// <summary>
/// The git command-line seam (no libgit2 here). Each call starts one <c>git</c> process in
/// <see cref="WorkingDirectory"/> with a neutral environment (no pager, no prompts, fixed locale).
/// Contract: a non-zero exit is returned as a value; only a missing git binary throws.
/// Cancellation kills the git process.
/// </summary>
public sealed class GitCli(string workingDirectory)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public async Task<GitResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, string? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new GitResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The checked-out branch, or null when detached or not a repository.</summary>
    public async Task<string?> CurrentBranchAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken);
        return result.Ok ? result.Output.Trim() : null;
    }

    /// <summary>The full sha of HEAD, or null outside a repository or before the first commit.</summary>
    public async Task<string?> HeadShaAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken);
        return result.Ok ? result.Output.Trim() : null;
    }
}
