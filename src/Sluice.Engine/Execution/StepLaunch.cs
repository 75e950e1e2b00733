namespace Sluice.Engine.Execution;

/// <summary>
/// A rendered step, ready to start: script text, shell, directory, full environment, and where its
/// command files go. <see cref="Timeout"/> is the step's own limit; the job's limit and the cancels come
/// as tokens. The script is written to one of <see cref="Scripts"/>; the command files go to <see cref="FilePrefix"/>.*.
/// </summary>
internal sealed record StepLaunch(
    int Index,
    string Script,
    string? Shell,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string FilePrefix,
    TimeSpan? Timeout,
    ScriptFiles Scripts);
