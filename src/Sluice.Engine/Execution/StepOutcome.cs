using Sluice.Engine.Storage;

namespace Sluice.Engine.Execution;

/// <summary>
/// How one step attempt ended, as a value. <see cref="Outputs"/>, <see cref="Env"/> and
/// <see cref="Summary"/> come from the files behind <c>$SLUICE_OUTPUT</c>, <c>$SLUICE_ENV</c> and
/// <c>$SLUICE_SUMMARY</c> (read even when the step failed, as GitHub does).
/// </summary>
internal sealed record StepOutcome(
    StepState State,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string> Env,
    string Summary,
    string? Error = null)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static StepOutcome Skipped { get; } = new(StepState.Skipped, null, None, None, "");

    public static StepOutcome Failure(string error) => new(StepState.Failed, null, None, None, "", error);

    public bool TimedOut => State == StepState.TimedOut;

    public bool Cancelled => State == StepState.Cancelled;

    public bool Succeeded => State == StepState.Succeeded;
}
