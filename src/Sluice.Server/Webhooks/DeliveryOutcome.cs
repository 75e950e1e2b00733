using Sluice.Server.Queue;

namespace Sluice.Server.Webhooks;

/// <summary>What processing a delivery decided: the runs to enqueue and a summary kept with the delivery; or a retryable error.</summary>
internal sealed record DeliveryOutcome(string Summary, IReadOnlyList<QueueRequest> Runs, string? Error = null)
{
    public static DeliveryOutcome Nothing(string summary) => new(summary, []);

    public static DeliveryOutcome Failed(string error) => new(error, [], error);
}
