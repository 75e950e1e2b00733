namespace Sluice.Server.Hosting;

/// <summary>What one recovery pass took over.</summary>
internal sealed record RecoveryOutcome(int InterruptedRuns, int RequeuedItems, int ReleasedDeliveries)
{
    public bool Any => InterruptedRuns + RequeuedItems + ReleasedDeliveries > 0;
}
