using System.ComponentModel;
using System.Diagnostics;

namespace Sluice.Engine.Workspaces;

/// <summary>Runs <c>git</c> and captures its output; failures are values (exit code and stderr).</summary>
internal static class GitCommand
{
    public static async Task<GitResult> RunAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(directory);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new GitResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
        }
        catch (Win32Exception ex)
        {
            return new GitResult(127, "", "git could not be started: " + ex.Message);
        }
    }
}
