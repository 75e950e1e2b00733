namespace Sluice.Core.Events;

/// <summary>
/// The planner's input: one thing that happened to a repository. Built by <c>sluice plan/run</c> from
/// flags, and by <c>sluice serve</c> from a webhook. Pure data; no member is fetched lazily.
/// </summary>
/// <param name="Branch">Pushed branch, or the PR's head branch.</param>
/// <param name="BaseBranch">The PR's base branch (what <c>pull_request.branches</c> filters).</param>
/// <param name="ChangedFiles">Repository-relative paths changed by the event; null when unknown, which
/// path filters and <c>changes</c> treat as "everything changed" (safe: never skips work wrongly).</param>
/// <param name="Deleted">A push that deleted the branch or tag; such pushes start nothing.</param>
/// <param name="PullRequestAction">opened, synchronize, reopened or closed.</param>
/// <param name="Merged">For a closed PR: whether it was merged.</param>
/// <param name="Comment">The comment body for <see cref="EventKind.Comment"/>.</param>
/// <param name="Pipeline">For manual, api and named runs: the pipeline id or name to run.</param>
public sealed record PipelineEvent(
    EventKind Kind,
    string? Branch = null,
    string? Tag = null,
    string? Sha = null,
    string? BaseSha = null,
    string? BaseBranch = null,
    IReadOnlyList<string>? ChangedFiles = null,
    string? Actor = null,
    int? PullRequest = null,
    bool Fork = false,
    string? PullRequestAction = null,
    bool Merged = false,
    bool Deleted = false,
    string? Comment = null,
    IReadOnlyDictionary<string, string>? Inputs = null,
    string? Pipeline = null,
    string? Repository = null)
{
    /// <summary>The full ref: <c>refs/heads/main</c>, <c>refs/tags/v1.0.0</c>, <c>refs/pull/12/head</c>.</summary>
    public string? Ref => Kind switch
    {
        EventKind.Tag => Tag is null ? null : "refs/tags/" + Tag,
        EventKind.PullRequest or EventKind.Comment when PullRequest is not null => $"refs/pull/{PullRequest}/head",
        _ when Tag is not null => "refs/tags/" + Tag,
        _ => Branch is null ? null : "refs/heads/" + Branch,
    };

    public static string KindText(EventKind kind) => kind switch
    {
        EventKind.PullRequest => "pull_request",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParseKind(string text, out EventKind kind)
    {
        foreach (var k in Enum.GetValues<EventKind>())
        {
            if (string.Equals(KindText(k), text, StringComparison.OrdinalIgnoreCase) || string.Equals(k.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
