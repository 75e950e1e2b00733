using Sluice.Core.Diagnostics;
using Sluice.Core.Globs;

namespace Sluice.Core.Deployments;

/// <summary>
/// One environment of <c>environments.yml</c> and its rules. Every rule is checked before a deployment
/// starts; the environment's <see cref="Vars"/> and <see cref="Secrets"/> reach a job only after all passed.
/// </summary>
/// <param name="Url">Where the environment is reachable; shown in history and given as <c>SLUICE_ENVIRONMENT_URL</c>.</param>
/// <param name="Branches">Branches that may deploy here (globs); null = any. With <see cref="Tags"/> either may match.</param>
/// <param name="Tags">Tags that may deploy here (globs); null = any, unless only <see cref="Branches"/> is given.</param>
/// <param name="Auto">Whether automatic events (push, tag, pull request, schedule) may deploy here.</param>
/// <param name="Manual">Which manual sources may deploy here: comment commands, the CLI (manual runs), the API.</param>
/// <param name="Approval">People who must approve before the deployment starts, or null.</param>
/// <param name="Wait">A delay between approval and the start.</param>
/// <param name="Blocked">When set, every deployment is refused with this reason.</param>
/// <param name="Vars">Plain values given to the environment's jobs (<c>${{ vars.NAME }}</c> and environment variables).</param>
/// <param name="Secrets">Secret name the job sees to the name of the run secret that holds its value (often the same name).</param>
public sealed record EnvironmentDefinition(
    string Name,
    SourceLocation Location,
    string? Url,
    GlobList? Branches,
    GlobList? Tags,
    bool Auto,
    IReadOnlySet<TriggerSource> Manual,
    ApprovalRule? Approval,
    TimeSpan? Wait,
    string? Blocked,
    IReadOnlyDictionary<string, string> Vars,
    IReadOnlyDictionary<string, string> Secrets,
    NotifySettings? Notify)
{
    public static IReadOnlySet<TriggerSource> AllManual { get; } = new HashSet<TriggerSource> { TriggerSource.Comment, TriggerSource.Cli, TriggerSource.Api };

    /// <summary>An environment with no rules (used when there is no <c>environments.yml</c>).</summary>
    public static EnvironmentDefinition Unrestricted(string name) =>
        new(name, new SourceLocation("", 0, 0), null, null, null, true, AllManual, null, null, null,
            new Dictionary<string, string>(), new Dictionary<string, string>(), null);
}
