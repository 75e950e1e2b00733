using System.Text.Json.Serialization;

namespace Sluice.Engine.Deployments;

/// <summary>The JSON body of a webhook notification: Slack's <c>text</c> and <c>attachments</c>, plus Sluice's facts.</summary>
internal sealed record WebhookMessage(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("attachments")] IReadOnlyList<WebhookAttachment> Attachments,
    [property: JsonPropertyName("sluice")] WebhookFacts Sluice);
