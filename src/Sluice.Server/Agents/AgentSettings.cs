namespace Sluice.Server.Agents;

/// <summary>
/// Agent mode (the <c>agents:</c> section of the server configuration): the server orchestrates runs but hands every job
/// to the durable job queue, where agents (<c>sluice agent</c>) and, with <see cref="LocalCapacity"/> above 0, the server's
/// own in-process worker claim them. Tokens live in memory only; requests are matched by their SHA-256.
/// </summary>
/// <param name="Tokens">Agent token name to token.</param>
/// <param name="LocalCapacity">Jobs the server runs itself at once (0: agents only).</param>
/// <param name="Labels">The labels of the server's own worker.</param>
/// <param name="Lease">How long a claim holds a job without renewal; agents renew every third of it.</param>
/// <param name="SweepInterval">How often expired leases, timed-out jobs and jobs nobody picked up are handled.</param>
/// <param name="PickupLimit">A job not claimed within this fails with "no agent with labels …".</param>
/// <param name="RetryBudget">Re-queues allowed after a lost agent before the job fails with "agent lost".</param>
/// <param name="MaxClaimWait">The longest a claim long-polls.</param>
internal sealed record AgentSettings(
    IReadOnlyDictionary<string, string> Tokens,
    int LocalCapacity,
    IReadOnlyList<string> Labels,
    TimeSpan Lease,
    TimeSpan SweepInterval,
    TimeSpan PickupLimit,
    int RetryBudget,
    TimeSpan MaxClaimWait)
{
    public static AgentSettings Default(IReadOnlyDictionary<string, string> tokens) =>
        new(tokens, 0, [], TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), 2, TimeSpan.FromSeconds(25));

    /// <summary>The job timeout given to the queue for jobs that set none (the engine has no default either).</summary>
    public static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromHours(6);

    public override string ToString() =>
        $"agents: {Tokens.Count} token(s), local capacity {LocalCapacity}, lease {Lease.TotalSeconds:0.#}s, pickup limit {PickupLimit.TotalSeconds:0}s, retries {RetryBudget}";
}
