namespace Sluice.Engine.Execution;

/// <summary>What to start for one step. <see cref="OnLine"/> receives (stream, line) from two threads at once.</summary>
/// <param name="Groups">Told when the step's process group starts and ends (null: nobody).</param>
internal sealed record StepProcessSpec(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    Action<string, string> OnLine,
    IStepGroupWatch? Groups = null);
