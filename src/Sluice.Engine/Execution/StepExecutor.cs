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

        // Synchronously: a few bytes, cheaper than a thread-pool round trip.
        var scriptPath = launch.Scripts.Write(shell.ScriptExtension, launch.Script);

        using var stepTimeout = launch.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stepTimeout.Token, signals.JobTimeout, signals.Cancel, signals.Abort);
        StepProcess process;
        try
        {
            process = StepProcess.Start(new StepProcessSpec(
                shell.Program, shell.Arguments(scriptPath), launch.WorkingDirectory, environment, (stream, line) => log.Write(launch.Index, stream, line), groups));
        }
        catch (Win32Exception ex)
        {
            launch.Scripts.Return(scriptPath);
            return StepOutcome.Failure($"could not start the step: {ex.Message}");
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
            launch.Scripts.Return(scriptPath);

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
