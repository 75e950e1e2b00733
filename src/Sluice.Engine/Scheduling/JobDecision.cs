using Sluice.Engine.Runs;

namespace Sluice.Engine.Scheduling;

/// <summary>What to do with a job whose needs have all ended: run it, or finish it with <see cref="Result"/> (skipped, cancelled, failed).</summary>
internal sealed record JobDecision(JobResult? Result)
{
    public static readonly JobDecision Run = new((JobResult?)null);

    public bool ShouldRun => Result is null;
}
