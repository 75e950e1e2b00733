namespace Sluice.Engine.Agents;

/// <summary>What the server did with a fenced write: stored it, or refused it because the lease is no longer the caller's (409).</summary>
internal enum WriteOutcome
{
    Done,
    Fenced,
}
