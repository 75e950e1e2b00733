using System.Runtime.InteropServices;

namespace Sluice.Cli.Terminal;

/// <summary>
/// SIGINT and SIGTERM as a cancellation for long-running commands (<c>serve</c>). The command line's own
/// handling is off (<c>ProcessTerminationTimeout = null</c>, because <c>run</c> cancels cleanly itself), so
/// each long-running command registers here; the signal is consumed and the process exits when the
/// command returns.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;

    public StopSignals(CancellationToken outer)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => stop.Token;

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
