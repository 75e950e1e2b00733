namespace Sluice.Engine.Dispatch;

/// <summary>Queued tickets per label set (labels sorted, comma-joined; empty for jobs without <c>runs-on</c>).</summary>
internal sealed record QueueDepth(string Labels, int Queued, int Leased);
