namespace Sluice.Server.Webhooks;

/// <summary>The body of a 202: <c>accepted</c>, <c>duplicate</c> or <c>ignored</c>, and why.</summary>
internal sealed record WebhookAnswer(string Status, string Delivery, string? Reason);
