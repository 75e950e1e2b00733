namespace Sluice.Server.Webhooks;

/// <summary>The parts of a <c>create</c> payload the server reads: a tag (or branch) was created; the payload has no sha.</summary>
internal sealed record CreatePayload(string Ref, string RefType, string? Actor);
