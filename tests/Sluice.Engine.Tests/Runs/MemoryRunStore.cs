using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

// TEMPORARY: stands in for SqliteRunStore until the store branch lands; then the tests use real SQLite files.
internal sealed class MemoryRunStore : IRunStore
{
    private readonly Lock gate = new();
    private readonly List<RunRecord> runs = [];
    private readonly List<JobRecord> jobs = [];
    private readonly List<StepRecord> steps = [];
    private readonly List<LogLine> logs = [];
    private readonly List<ArtifactRecord> artifacts = [];

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> newJobs, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var id = runs.Count + 1L;
            runs.Add(new RunRecord(id, run.Repository, run.PipelineId, run.PipelineName, run.PipelineFile, run.EventKind, run.EventJson, run.Branch, run.Sha, run.Actor, run.Owner, RunState.Queued, run.CreatedAt, null, null, run.ParentRunId, null));
            jobs.AddRange(newJobs.Select(j => new JobRecord(id, j.Key, j.JobId, j.DisplayName, j.NeedsJson, j.MatrixJson, JobState.Pending, null, 0, null, null, new Dictionary<string, string>())));
            return Task.FromResult(id);
        }
    }

    public Task SetRunStateAsync(long runId, RunState state, DateTimeOffset at, CancellationToken cancellationToken) => Update(runId, r => r with
    {
        State = state,
        StartedAt = state == RunState.Running ? at : r.StartedAt,
        FinishedAt = state is RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Interrupted ? at : r.FinishedAt,
    });

    public Task SetRunSummaryAsync(long runId, string summary, CancellationToken cancellationToken) => Update(runId, r => r with { Summary = summary });

    public Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        UpdateJob(runId, jobKey, j => j with { State = state, Reason = reason, Attempts = attempts, StartedAt = startedAt ?? j.StartedAt, FinishedAt = finishedAt ?? j.FinishedAt });

    public Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        UpdateJob(runId, jobKey, j => j with { Outputs = outputs });

    public Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            steps.RemoveAll(s => s.RunId == step.RunId && s.JobKey == step.JobKey && s.Attempt == step.Attempt && s.Index == step.Index);
            steps.Add(step);
        }

        return Task.CompletedTask;
    }

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            logs.AddRange(lines.Where(l => !logs.Any(x => x.RunId == l.RunId && x.JobKey == l.JobKey && x.Sequence == l.Sequence)));
        }

        return Task.CompletedTask;
    }

    public Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            artifacts.Add(artifact);
        }

        return Task.CompletedTask;
    }

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(runs.FirstOrDefault(r => r.Id == runId));
        }
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<RunRecord>>(runs.AsEnumerable().Reverse().Take(query.Limit).ToList());
        }
    }

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<JobRecord>>(jobs.Where(j => j.RunId == runId).ToList());
        }
    }

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(long runId, string? jobKey, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StepRecord>>(steps.Where(s => s.RunId == runId && (jobKey is null || s.JobKey == jobKey)).OrderBy(s => s.Attempt).ThenBy(s => s.Index).ToList());
        }
    }

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(long runId, string? jobKey, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<LogLine>>(logs.Where(l => l.RunId == runId && (jobKey is null || l.JobKey == jobKey) && l.Sequence > afterSequence).Take(limit).ToList());
        }
    }

    public Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(long runId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ArtifactRecord>>(artifacts.Where(a => a.RunId == runId).ToList());
        }
    }

    public Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<long>>([]);

    public Task<PruneResult> PruneAsync(DateTimeOffset olderThan, int keepLast, CancellationToken cancellationToken) =>
        Task.FromResult(new PruneResult(0, 0, []));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task Update(long runId, Func<RunRecord, RunRecord> change)
    {
        lock (gate)
        {
            var index = runs.FindIndex(r => r.Id == runId);
            runs[index] = change(runs[index]);
        }

        return Task.CompletedTask;
    }

    private Task UpdateJob(long runId, string key, Func<JobRecord, JobRecord> change)
    {
        lock (gate)
        {
            var index = jobs.FindIndex(j => j.RunId == runId && j.Key == key);
            if (index < 0)
            {
                throw new KeyNotFoundException(key);
            }

            jobs[index] = change(jobs[index]);
        }

        return Task.CompletedTask;
    }
}
