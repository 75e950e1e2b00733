namespace Sluice.Server.Inbox;

/// <summary>A stored delivery and how its processing went.</summary>
internal sealed record InboxEntry(
    long Id,
    string DeliveryId,
    string Event,
    string Repository,
    string Body,
    DateTimeOffset ReceivedAt,
    InboxState State,
    int Attempts,
    string? Outcome);
