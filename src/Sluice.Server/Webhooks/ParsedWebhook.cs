namespace Sluice.Server.Webhooks;

/// <summary>
/// A webhook body read for its event: exactly one payload is set for an accepted event; <see cref="Ignored"/> says
/// why a well-formed event starts nothing (202); <see cref="Error"/> why it is malformed (400).
/// </summary>
internal sealed record ParsedWebhook(
    WebhookKind? Kind,
    string? Repository,
    PushPayload? Push = null,
    PullRequestPayload? PullRequest = null,
    CommentPayload? Comment = null,
    CreatePayload? Create = null,
    string? Ignored = null,
    string? Error = null)
{
    public static ParsedWebhook Invalid(string error) => new(null, null, Error: error);

    public static ParsedWebhook Ignore(string? repository, string reason) => new(null, repository, Ignored: reason);
}
