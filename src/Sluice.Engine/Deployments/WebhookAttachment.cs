using System.Text.Json.Serialization;

namespace Sluice.Engine.Deployments;

/// <summary>A Slack message attachment: a coloured bar with fields.</summary>
internal sealed record WebhookAttachment(
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("fallback")] string Fallback,
    [property: JsonPropertyName("fields")] IReadOnlyList<WebhookField> Fields);
