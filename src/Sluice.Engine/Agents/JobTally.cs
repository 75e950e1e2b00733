using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>How many jobs an agent's slots started and how many did not succeed; updated from every slot at once.</summary>
internal sealed class JobTally
{
    private int jobs;
    private int notSucceeded;

    public int Jobs => Volatile.Read(ref jobs);

    public int NotSucceeded => Volatile.Read(ref notSucceeded);

    public void Started() => Interlocked.Increment(ref jobs);

    public void Ended(JobState? state)
    {
        if (state != JobState.Succeeded)
        {
            Interlocked.Increment(ref notSucceeded);
        }
    }
}
