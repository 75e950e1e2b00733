namespace Sluice.Server.Config;

/// <summary>One repository served.</summary>
/// <param name="Name"><c>owner/name</c> as GitHub spells it (matched case-insensitively against webhooks).</param>
/// <param name="CloneUrl">Any URL or path <c>git fetch</c> accepts; a local path included.</param>
/// <param name="WebhookSecret">The secret configured on the GitHub webhook; deliveries not signed with it get 401.</param>
/// <param name="Token">GitHub token for statuses, comments and pull request look-ups; without it nothing is reported.</param>
/// <param name="AllowedCommenters"><c>author_association</c> values allowed to run comment commands.</param>
/// <param name="RequireForkApproval">Fork pull requests wait for <c>/sluice approve</c> from an allowed commenter.</param>
/// <param name="Secrets">Secrets offered to jobs that declare them; never to fork pull requests.</param>
internal sealed record RepositoryConfig(
    string Name,
    string CloneUrl,
    string DefaultBranch,
    string? WebhookSecret,
    string? Token,
    IReadOnlyList<string> AllowedCommenters,
    bool RequireForkApproval,
    IReadOnlyDictionary<string, string> Secrets)
{
    public static readonly IReadOnlyList<string> DefaultCommenters = ["OWNER", "MEMBER", "COLLABORATOR"];

    public string Owner => Name.Split('/')[0];

    public string Repo => Name.Split('/').Length > 1 ? Name.Split('/')[1] : Name;

    public bool MayComment(string? association) =>
        association is not null && AllowedCommenters.Contains(association, StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"{Name} ({CloneUrl}; secret {(WebhookSecret is null ? "not set" : "set")}, token {(Token is null ? "not set" : "set")})";
}
