namespace Sluice.Engine.Execution;

/// <summary>
/// A rendered step, ready to start: script text, shell, directory, full environment, and where its
/// command files go. <see cref="Timeout"/> is the step's own limit; the job's limit and the cancels come
/// as tokens. The script is written to one of <see cref="Scripts"/>; the command files go to <see cref="FilePrefix"/>.*.
/// </summary>
/// <param name="DirectExec">A script that is one plain command may be started without its shell (<see cref="DirectCommand"/>).</param>
internal sealed record StepLaunch(
    int Index,
    string Script,
    string? Shell,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string FilePrefix,
    TimeSpan? Timeout,
    ScriptFiles Scripts,
    bool DirectExec);
