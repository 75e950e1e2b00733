using System.Text.Json.Serialization;

namespace Sluice.Engine.Deployments;

/// <summary>One title/value pair of an attachment; <see cref="Short"/> ones sit side by side.</summary>
internal sealed record WebhookField(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("short")] bool Short);
