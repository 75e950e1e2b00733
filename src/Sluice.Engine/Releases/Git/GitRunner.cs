using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Sluice.Engine.Releases.Git;

/// <summary>
/// Runs the <c>git</c> binary in a working directory. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/>
/// (no shell, no quoting issues); output is UTF-8; <c>environment</c> entries are added to the inherited environment
/// (tests pin author, committer and dates this way). Git's own prompts are disabled so a run never hangs.
/// </summary>
internal sealed class GitRunner(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public async Task<GitResult> RunAsync(IReadOnlyList<string> args, string? stdin, CancellationToken cancellationToken)
    {
        string stdout = "";
        var result = await RunStreamingAsync(
            args,
            stdin,
            async (reader, ct) => stdout = await reader.ReadToEndAsync(ct),
            cancellationToken);
        return result with { Stdout = stdout };
    }

    /// <summary>Runs git and hands its stdout to <paramref name="consume"/> while it is produced (large logs stream).</summary>
    public async Task<GitResult> RunStreamingAsync(
        IReadOnlyList<string> args,
        string? stdin,
        Func<StreamReader, CancellationToken, Task> consume,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(consume);
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                psi.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new GitResult(127, "", $"cannot run git: {ex.Message}");
        }

        using var kill = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        });
        var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await consume(process.StandardOutput, cancellationToken);
        var stderr = await stderrTask;
        await process.WaitForExitAsync(cancellationToken);
        return new GitResult(process.ExitCode, "", stderr);
    }
}
