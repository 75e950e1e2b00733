using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Scheduling;

/// <summary>The bookkeeping of <see cref="JobScheduler"/>: remaining needs, ready set, slots in use, results.</summary>
internal sealed class SchedulerState
{
    private readonly IReadOnlyList<ScheduledJob> jobs;
    private readonly Dictionary<string, int> indexByKey = new(StringComparer.Ordinal);
    private readonly int[] remainingNeeds;
    private readonly List<int>[] dependents;
    private readonly JobDecision?[] decisions;
    private readonly bool[] decidedAfterCancel;
    private readonly Dictionary<string, int> runningByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ScheduledJob>> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobResult> results = new(StringComparer.Ordinal);

    public SchedulerState(IReadOnlyList<ScheduledJob> jobs, IReadOnlyDictionary<string, JobResult> done)
    {
        this.jobs = jobs;
        remainingNeeds = new int[jobs.Count];
        dependents = new List<int>[jobs.Count];
        decisions = new JobDecision?[jobs.Count];
        decidedAfterCancel = new bool[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            indexByKey[jobs[i].Key] = i;
            dependents[i] = [];
            if (!groups.TryGetValue(jobs[i].Group, out var members))
            {
                groups[jobs[i].Group] = members = [];
            }

            members.Add(jobs[i]);
        }

        foreach (var (key, result) in done)
        {
            if (indexByKey.ContainsKey(key))
            {
                results[key] = result;
            }
        }

        for (var i = 0; i < jobs.Count; i++)
        {
            foreach (var need in jobs[i].Needs.Distinct(StringComparer.Ordinal))
            {
                if (indexByKey.TryGetValue(need, out var n) && !results.ContainsKey(need))
                {
                    remainingNeeds[i]++;
                    dependents[n].Add(i);
                }
            }

            if (remainingNeeds[i] == 0 && !results.ContainsKey(jobs[i].Key))
            {
                Ready.Add(i);
            }
        }
    }

    /// <summary>Indices of jobs whose needs have all ended, not yet started or finished; iterated in plan order.</summary>
    public SortedSet<int> Ready { get; } = [];

    public Dictionary<string, string> FailFastReasons { get; } = new(StringComparer.Ordinal);

    public int Running { get; private set; }

    public bool AllDone => results.Count == jobs.Count;

    public IReadOnlyDictionary<string, JobResult> Results => results;

    public ScheduledJob Job(string key) => jobs[indexByKey[key]];

    public bool IsDone(string key) => results.ContainsKey(key);

    public IReadOnlyList<ScheduledJob> GroupMembers(string group) => groups[group];

    public JobDecision? Decision(int index) => decisions[index];

    public bool DecidedAfterCancel(int index) => decidedAfterCancel[index];

    public void SetDecision(int index, JobDecision decision, bool afterCancel)
    {
        decisions[index] = decision;
        decidedAfterCancel[index] = afterCancel;
    }

    public bool GroupHasRoom(ScheduledJob job) =>
        job.GroupMaxParallel is not { } max || runningByGroup.GetValueOrDefault(job.Group) < max;

    public void Start(ScheduledJob job)
    {
        Running++;
        runningByGroup[job.Group] = runningByGroup.GetValueOrDefault(job.Group) + 1;
    }

    public void Stop(ScheduledJob job)
    {
        Running--;
        runningByGroup[job.Group]--;
    }

    public void Complete(JobResult result)
    {
        results[result.Key] = result;
        foreach (var dependent in dependents[indexByKey[result.Key]])
        {
            if (--remainingNeeds[dependent] == 0)
            {
                Ready.Add(dependent);
            }
        }
    }

    public JobResult CancelledResult(string key, string reason) =>
        new(key, Job(key).Group, Job(key).DisplayName, JobState.Cancelled, reason, 0, null, null, new Dictionary<string, string>());
}
