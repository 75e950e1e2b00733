namespace Sluice.Server.Queue;

/// <summary>What a queue item runs.</summary>
internal enum QueueKind
{
    /// <summary>A repository pipeline for an event (webhook, schedule, manual or API run, comment command).</summary>
    Pipeline,

    /// <summary>A re-run of an earlier run (all jobs, or failed jobs and their dependents).</summary>
    Rerun,

    /// <summary>Ad-hoc orders posted to <c>/api/jobs</c>, carried as generated pipeline YAML.</summary>
    Jobs,
}
