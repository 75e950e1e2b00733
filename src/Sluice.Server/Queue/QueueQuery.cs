namespace Sluice.Server.Queue;

/// <summary>Filters for listing queue items, newest first.</summary>
internal sealed record QueueQuery(int Limit = 50, string? Repository = null, int? PullRequest = null, QueueState? State = null);
