using Sluice.Core.Globs;

namespace Sluice.Core.Pipelines;

/// <summary>The <c>on:</c> block. A null member means that trigger is not configured.</summary>
public sealed record Triggers(
    PushTrigger? Push,
    PullRequestTrigger? PullRequest,
    TagTrigger? Tag,
    ScheduleTrigger? Schedule,
    CommentTrigger? Comment,
    ManualTrigger? Manual,
    bool Api)
{
    public static readonly Triggers None = new(null, null, null, null, null, null, false);
}

/// <summary>
/// <c>on.push</c>. Branch and tag filters are glob lists over the short ref name (<c>main</c>,
/// <c>v1.2.3</c>); path filters are glob lists over repository-relative changed paths.
/// A push of a tag matches only when <see cref="Tags"/> is set (as in GitHub Actions).
/// </summary>
public sealed record PushTrigger(
    GlobList? Branches,
    GlobList? BranchesIgnore,
    GlobList? Tags,
    GlobList? Paths,
    GlobList? PathsIgnore);

/// <summary><c>on.pull_request</c>. <see cref="Branches"/> filters the PR's base branch.</summary>
public sealed record PullRequestTrigger(
    IReadOnlyList<string> Types,
    GlobList? Branches,
    GlobList? Paths,
    GlobList? PathsIgnore)
{
    /// <summary>The types matched when <c>types:</c> is omitted.</summary>
    public static readonly IReadOnlyList<string> DefaultTypes = ["opened", "synchronize", "reopened"];

    public static readonly IReadOnlyList<string> KnownTypes = ["opened", "synchronize", "reopened", "closed"];
}

/// <summary><c>on.tag</c>: a tag was created whose name matches one of the globs.</summary>
public sealed record TagTrigger(GlobList Patterns);

/// <summary>
/// <c>on.schedule</c>: cron expressions evaluated in <see cref="Timezone"/> (IANA id, default UTC),
/// and/or a fixed cadence such as every two weeks from a start date.
/// </summary>
public sealed record ScheduleTrigger(IReadOnlyList<string> Crons, string Timezone, CadenceSpec? Every);

/// <summary><c>every: 2w</c> anchored on <c>start: 2026-01-05</c> (a date, or a date and time, in the schedule's timezone).</summary>
public sealed record CadenceSpec(TimeSpan Interval, DateTime Start);

/// <summary>
/// <c>on.comment</c>: PR comment commands such as <c>/deploy {environment}</c>. A placeholder captures
/// one word; captured values are available as <c>event.command.args.&lt;name&gt;</c>.
/// </summary>
public sealed record CommentTrigger(IReadOnlyList<string> Commands);

/// <summary><c>on.manual</c>: typed inputs offered to a person starting the pipeline.</summary>
public sealed record ManualTrigger(IReadOnlyList<InputDefinition> Inputs);

public enum InputType
{
    String,
    Boolean,
    Choice,
    Number,
}

/// <summary>One manual input. <see cref="Default"/> is the canonical text of the default value.</summary>
public sealed record InputDefinition(
    string Name,
    InputType Type,
    string? Description,
    bool Required,
    string? Default,
    IReadOnlyList<string> Options);
