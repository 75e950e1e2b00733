using Sluice.Core.Diagnostics;
using Sluice.Core.Globs;

namespace Sluice.Core.Pipelines;

/// <summary>
/// One job as written in the file (before matrix expansion). String members that the format allows
/// to hold <c>${{ }}</c> expressions keep their raw text; they are evaluated when the job runs.
/// </summary>
/// <param name="Id">The key under <c>jobs:</c>.</param>
/// <param name="Name">The <c>name:</c> key, or <see cref="Id"/>.</param>
/// <param name="Location">Where the job's key is written (for diagnostics and links).</param>
/// <param name="Needs">Ids of jobs that must finish first.</param>
/// <param name="If">Condition; null means <c>success()</c>.</param>
/// <param name="RunsOn">Labels an agent must have; empty means any, including the local machine.</param>
/// <param name="Secrets">Names of the secrets this job may read; nothing else is given to it.</param>
/// <param name="Environment">Deployment environment this job targets, or null.</param>
/// <param name="Changes">The job runs only if the event changed a file matching these globs; null = always.</param>
/// <param name="Outputs">Output name to expression (usually <c>${{ steps... }}</c> or a literal); step outputs written to <c>$SLUICE_OUTPUT</c> are outputs too.</param>
/// <param name="Artifacts">Paths (globs) kept after the job; jobs that need it receive them.</param>
public sealed record JobDefinition(
    string Id,
    string Name,
    SourceLocation Location,
    IReadOnlyList<string> Needs,
    string? If,
    MatrixDefinition? Matrix,
    IReadOnlyList<string> RunsOn,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Secrets,
    string? Environment,
    TimeSpan? Timeout,
    RetryPolicy Retry,
    bool ContinueOnError,
    string? WorkingDirectory,
    GlobList? Changes,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<string> Artifacts,
    CacheDefinition? Cache,
    IReadOnlyList<StepDefinition> Steps,
    DeployDefinition? Deploy);

/// <summary>
/// <c>retry:</c>. <see cref="Max"/> is the number of extra attempts (0 = run once).
/// <see cref="OnFailure"/>/<see cref="OnTimeout"/> choose which outcomes are retried.
/// </summary>
public sealed record RetryPolicy(int Max, bool OnFailure, bool OnTimeout)
{
    public static readonly RetryPolicy None = new(0, true, true);
}

/// <summary><c>cache:</c> restore <see cref="Paths"/> from <see cref="Key"/> (an expression template) before the job, save after success.</summary>
public sealed record CacheDefinition(string Key, IReadOnlyList<string> Paths, IReadOnlyList<string> RestoreKeys);

/// <summary>One step: a shell command. A job with a single <c>run:</c> has one step named after the job.</summary>
public sealed record StepDefinition(
    string? Id,
    string Name,
    string Run,
    string? Shell,
    IReadOnlyDictionary<string, string> Env,
    string? If,
    TimeSpan? Timeout,
    bool ContinueOnError,
    string? WorkingDirectory,
    SourceLocation Location);

/// <summary>
/// <c>matrix:</c>. <see cref="Axes"/> keep their written order; values are scalar text.
/// <see cref="Include"/> entries either extend a matching combination or add a new one (GitHub's rules);
/// <see cref="Exclude"/> entries remove every combination they match.
/// </summary>
public sealed record MatrixDefinition(
    IReadOnlyList<MatrixAxis> Axes,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Include,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Exclude,
    bool FailFast,
    int? MaxParallel);

public sealed record MatrixAxis(string Name, IReadOnlyList<string> Values);
