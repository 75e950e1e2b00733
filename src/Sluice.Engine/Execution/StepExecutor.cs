using System.ComponentModel;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs one rendered step as a child process tree and turns what happened into a <see cref="StepOutcome"/>.
/// A timeout or a cancel terminates the whole process group (SIGTERM, then SIGKILL after the grace period).
/// A step that exits normally but leaves background processes behind is handed to
/// <paramref name="leftovers"/>: those keep running (a server started for later steps) until the job ends.
/// <paramref name="groups"/> is told when the step's process group starts and when it is given up.
/// </summary>
internal static class StepExecutor
{
    private static readonly TimeSpan OutputDrain = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan KilledOutputDrain = TimeSpan.FromSeconds(1);

    public static async Task<StepOutcome> RunAsync(
        StepLaunch launch, JobLog log, StepSignals signals, TimeSpan grace, TimeProvider time, ICollection<StepProcess> leftovers, IStepGroupWatch groups)
    {
        if (!Directory.Exists(launch.WorkingDirectory))
        {
            return StepOutcome.Failure($"working directory `{launch.WorkingDirectory}` does not exist");
        }

        var shell = ShellCommand.Resolve(launch.Shell);
        var outputPath = launch.FilePrefix + ".output";
        var envPath = launch.FilePrefix + ".env";
        var summaryPath = launch.FilePrefix + ".summary.md";
        var environment = new Dictionary<string, string>(launch.Environment, StringComparer.Ordinal)
        {
            ["SLUICE_OUTPUT"] = outputPath,
            ["SLUICE_ENV"] = envPath,
            ["SLUICE_SUMMARY"] = summaryPath,
        };

        using var stepTimeout = launch.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stepTimeout.Token, signals.JobTimeout, signals.Cancel, signals.Abort);
        void OnLine(string stream, string line) => log.Write(launch.Index, stream, line);
        string? scriptPath = null;
        var process = launch.DirectExec ? StartDirect(launch, shell, environment, OnLine, groups) : null;
        if (process is null)
        {
            // Synchronously: a few bytes, cheaper than a thread-pool round trip.
            scriptPath = launch.Scripts.Write(shell.ScriptExtension, launch.Script);
            try
            {
                process = StepProcess.Start(new StepProcessSpec(shell.Program, shell.Arguments(scriptPath), launch.WorkingDirectory, environment, OnLine, Groups: groups));
            }
            catch (Win32Exception ex)
            {
                launch.Scripts.Return(scriptPath);
                return StepOutcome.Failure($"could not start the step: {ex.Message}");
            }
        }

        var keep = false;
        try
        {
            int exitCode;
            StepState state;
            try
            {
                exitCode = await process.WaitForExitAsync(stop.Token);
                state = exitCode == 0 ? StepState.Succeeded : StepState.Failed;
                if (!await process.WaitForOutputAsync(OutputDrain) || ProcessGroup.Signal(process.GroupId, 0))
                {
                    keep = true;
                    leftovers.Add(process);
                }
            }
            catch (OperationCanceledException)
            {
                var timedOut = stepTimeout.IsCancellationRequested || signals.JobTimeout.IsCancellationRequested;
                timedOut &= !signals.Cancel.IsCancellationRequested && !signals.Abort.IsCancellationRequested;
                state = timedOut ? StepState.TimedOut : StepState.Cancelled;
                log.Note(launch.Index, timedOut
                    ? stepTimeout.IsCancellationRequested ? $"step timed out after {Core.Time.Duration.Format(launch.Timeout!.Value)}; stopping its processes" : "job timed out; stopping the step's processes"
                    : "cancelled; stopping the step's processes");
                await process.TerminateAsync(grace, signals.Abort);
                exitCode = await process.WaitForExitAsync(CancellationToken.None);
                await process.WaitForOutputAsync(KilledOutputDrain);
            }

            // The shell has exited: its script file may serve the next step.
            if (scriptPath is not null)
            {
                launch.Scripts.Return(scriptPath);
            }

            var outputs = await ReadCommandFileAsync(outputPath, "SLUICE_OUTPUT", launch.Index, log);
            var env = await ReadCommandFileAsync(envPath, "SLUICE_ENV", launch.Index, log);
            var summary = File.Exists(summaryPath) ? await File.ReadAllTextAsync(summaryPath, CancellationToken.None) : "";
            return new StepOutcome(state, exitCode, outputs, env, summary);
        }
        finally
        {
            if (!keep)
            {
                process.Dispose();
            }
        }
    }

    /// <summary>
    /// Starts a script that is one plain command without its shell (<see cref="DirectCommand"/>, <see cref="DirectLaunch"/>);
    /// null when it is not one, or when the start failed (a file without <c>#!</c> that the shell would run itself, ...):
    /// the shell then runs it and reports any error as it always did.
    /// </summary>
    private static StepProcess? StartDirect(StepLaunch launch, ShellInvocation shell, IReadOnlyDictionary<string, string> environment, Action<string, string> onLine, IStepGroupWatch groups)
    {
        if (DirectCommand.TryParse(launch.Script, launch.Shell, environment) is not { } words
            || DirectLaunch.TryPrepare(words, shell.Program, launch.WorkingDirectory, environment) is not { } direct)
        {
            return null;
        }

        try
        {
            return StepProcess.Start(new StepProcessSpec(direct.Argv[0], direct.Argv.Skip(1).ToList(), launch.WorkingDirectory, direct.Environment, onLine, direct.Executable, groups));
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadCommandFileAsync(string path, string name, int stepIndex, JobLog log)
    {
        var result = await CommandFile.ReadAsync(path, CancellationToken.None);
        foreach (var error in result.Errors)
        {
            log.Note(stepIndex, $"warning: ${name} {error}");
        }

        return result.Values;
    }
}
