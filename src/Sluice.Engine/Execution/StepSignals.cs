namespace Sluice.Engine.Execution;

/// <summary>
/// Why a running step may be stopped besides its own timeout: the job's time limit, a cancel (run
/// cancelled or fail-fast; <see cref="CancellationToken.None"/> for a step that runs on through a cancel,
/// such as an <c>if: always()</c> step) and the hard abort.
/// </summary>
internal sealed record StepSignals(CancellationToken JobTimeout, CancellationToken Cancel, CancellationToken Abort);
