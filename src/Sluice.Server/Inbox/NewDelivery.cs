namespace Sluice.Server.Inbox;

/// <summary>A webhook delivery as received: GitHub's delivery id and event name, the repository and the raw body.</summary>
internal sealed record NewDelivery(string DeliveryId, string Event, string Repository, string Body, DateTimeOffset ReceivedAt);
