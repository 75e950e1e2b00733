namespace Sluice.Core.Deployments;

/// <summary>
/// <c>notify:</c> an outgoing webhook (Slack-compatible JSON) called on the listed <see cref="On"/> events.
/// The URL is written in the file (<see cref="Webhook"/>) or read from a run secret (<see cref="WebhookSecret"/>).
/// </summary>
public sealed record NotifySettings(string? Webhook, string? WebhookSecret, IReadOnlySet<DeploymentNotice> On);
