namespace Sluice.Server.Webhooks;

/// <summary>The GitHub events the server acts on (the <c>X-GitHub-Event</c> header).</summary>
internal enum WebhookKind
{
    Ping,
    Push,
    PullRequest,
    IssueComment,
    Create,
}
