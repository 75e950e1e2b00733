using System.Runtime.InteropServices;
using Sluice.Engine.Runs;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Spectre.Console;

namespace Sluice.Cli.Terminal;

/// <summary>
/// Drives a run from the command line: picks the view (live table on a terminal, plain lines otherwise,
/// JSON lines with <c>--json</c>), turns Ctrl+C/SIGTERM into a clean cancel (a second Ctrl+C aborts at once),
/// prints the report, applies retention, and maps the result to an exit code (0 succeeded, 1 failed or
/// cancelled, 2 when the run could not start).
/// </summary>
internal static class RunConsole
{
    public static async Task<int> ExecuteAsync(
        RunRequest request, IRunStore store, StateDirectory state, TextWriter output, TextWriter error, bool json, TimeProvider time, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (cancel.IsCancellationRequested)
            {
                error.WriteLine("sluice: aborting");
                abort.Cancel();
            }
            else
            {
                error.WriteLine("sluice: cancelling the run (press Ctrl+C again to abort)");
                cancel.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        RunResult result;
        if (json)
        {
            result = await new RunExecutor(store, new JsonRunView(output), time).ExecuteAsync(request, cancel.Token, abort.Token);
        }
        else if (IsTerminal(output))
        {
            var console = AnsiConsole.Console;
            var view = new LiveRunView(console, time);
            result = await view.ShowAsync(() => new RunExecutor(store, view, time).ExecuteAsync(request, cancel.Token, abort.Token));
            if (result.Error is null)
            {
                RunReport.WriteRich(console, output, result);
            }
        }
        else
        {
            result = await new RunExecutor(store, new PlainRunView(output), time).ExecuteAsync(request, cancel.Token, abort.Token);
            if (result.Error is null)
            {
                RunReport.WritePlain(output, result);
            }
        }

        if (result.Error is not null)
        {
            await error.WriteLineAsync("sluice: " + result.Error);
            return ExitCodes.Usage;
        }

        await new Retention(store, state.Blobs(), time).ApplyAsync(CancellationToken.None);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null or "" && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}
