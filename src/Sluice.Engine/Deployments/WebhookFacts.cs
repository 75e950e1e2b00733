using System.Text.Json.Serialization;

namespace Sluice.Engine.Deployments;

/// <summary>The notification as data for programs (ignored by chat services).</summary>
internal sealed record WebhookFacts(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("deployment_id")] long DeploymentId,
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("previous_version")] string? PreviousVersion,
    [property: JsonPropertyName("run_id")] long RunId,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("traffic_percent")] int TrafficPercent,
    [property: JsonPropertyName("url")] string? Url);
