namespace Sluice.Engine.Execution;

/// <summary>What to start for one step. <see cref="OnLine"/> receives (stream, line) from two threads at once.</summary>
/// <param name="Program">argv[0]; looked up in the environment's PATH unless <paramref name="Executable"/> is given.</param>
/// <param name="Executable">The file to execute, already found (a step started without its shell, <see cref="DirectLaunch"/>).</param>
/// <param name="Groups">Told when the step's process group starts and ends (null: nobody).</param>
internal sealed record StepProcessSpec(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    Action<string, string> OnLine,
    string? Executable = null,
    IStepGroupWatch? Groups = null);
