namespace Sluice.Engine.Dispatch;

/// <summary>
/// A job handed to the durable job queue for a worker (an agent, or the server's own local capacity) to run.
/// </summary>
/// <param name="RunKey">Who orchestrates the job: the server's queue item (<c>q{id}</c>). With <see cref="JobKey"/> it is the
/// ticket's identity: enqueuing the same pair twice returns the first ticket, so an orchestrator that resumes a run after a
/// server died adopts the jobs already queued or running instead of dispatching them again.</param>
/// <param name="RunId">The run in the history that the job's logs, steps and outputs are written to.</param>
/// <param name="JobKey">The planned job's key (matrix instances have their own keys).</param>
/// <param name="Labels">The job's <c>runs-on</c> labels; a worker may claim it only if it has every one of them.</param>
/// <param name="Payload">Everything the worker needs to run the job, as JSON; opaque to the queue. Never holds secrets of a fork pull request.</param>
/// <param name="RetryBudget">How many times the job may be re-queued after its lease expired (a lost worker) before it fails with "agent lost".</param>
/// <param name="Timeout">The job's own timeout, per attempt (from its claim): a lease running past it is cancelled and failed by
/// the sweeper. Zero, negative or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: none (stored and read back as zero).</param>
/// <param name="PickupLimit">A ticket not claimed within this (from when it was last queued) fails with "no agent with labels …".
/// Zero or negative: none.</param>
internal sealed record JobTicket(
    string RunKey,
    long RunId,
    string JobKey,
    IReadOnlyList<string> Labels,
    string Payload,
    int RetryBudget,
    TimeSpan Timeout,
    TimeSpan PickupLimit);
