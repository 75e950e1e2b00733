namespace Sluice.Engine.Execution;

/// <summary>What to start for one step. <see cref="OnLine"/> receives (stream, line) from two threads at once.</summary>
internal sealed record StepProcessSpec(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    Action<string, string> OnLine);
