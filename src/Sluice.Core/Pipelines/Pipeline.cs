using Sluice.Core.Diagnostics;

namespace Sluice.Core.Pipelines;

/// <summary>One pipeline: one <c>.sluice/*.yml</c> file.</summary>
/// <param name="Id">The file name without extension; unique within a repository.</param>
/// <param name="Name">The <c>name:</c> key, or <see cref="Id"/> when absent.</param>
/// <param name="File">The path the pipeline was read from, as given to the parser.</param>
/// <param name="Env">Pipeline-wide environment; values may hold <c>${{ }}</c> expressions.</param>
public sealed record Pipeline(
    string Id,
    string Name,
    string File,
    Triggers On,
    IReadOnlyDictionary<string, string> Env,
    PipelineDefaults Defaults,
    ConcurrencySettings? Concurrency,
    IReadOnlyList<JobDefinition> Jobs)
{
    /// <summary>
    /// <c>vars:</c> plain configuration values (no expressions) read as <c>${{ vars.NAME }}</c>. The server or
    /// <c>--var</c> flags may override them; they are not secret and appear in logs.
    /// </summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    public JobDefinition? FindJob(string id) => Jobs.FirstOrDefault(j => j.Id == id);
}

/// <summary><c>defaults:</c> applied to every job and step that does not set its own.</summary>
public sealed record PipelineDefaults(string? Shell, string? WorkingDirectory, TimeSpan? Timeout)
{
    public static readonly PipelineDefaults None = new(null, null, null);
}

/// <summary>
/// <c>concurrency:</c> runs whose <see cref="Group"/> evaluates to the same string are serialized.
/// With <see cref="CancelInProgress"/> a newer run cancels the older one; otherwise it queues behind.
/// </summary>
public sealed record ConcurrencySettings(string Group, bool CancelInProgress);
