using System.Globalization;
using Sluice.Core.Expressions;
using Sluice.Core.Planning;
using Sluice.Engine.Artifacts;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs one job instance from start to end: restores the artifacts of its needs into its own
/// <c>$SLUICE_ARTIFACTS</c> directory and its cache into the workspace, runs attempts (retrying on failure
/// or timeout as <c>retry:</c> says), then keeps its artifacts, saves its cache after a success and
/// records everything. Returns the result as a value.
/// A deployment (see <c>Engine/Deployments</c>) passes the <paramref name="log"/> it already wrote to while the job
/// waited for its environment, and <paramref name="afterSuccess"/>: the strategy, run inside the job after its steps
/// succeeded, which may turn the outcome into a failure (rolled back).
/// </summary>
internal sealed class JobRunner(RunContext run)
{
    public async Task<(JobResult Result, IReadOnlyList<ArtifactRecord> Artifacts)> RunAsync(
        PlannedJob job, int index, RunExpressionContext expressions, IEnumerable<ArtifactRecord> neededArtifacts, JobControl control,
        JobLog? log = null, Func<JobSetup, AttemptOutcome, Task<AttemptOutcome>>? afterSuccess = null)
    {
        var definition = job.Definition;
        log ??= new JobLog(run, job.Key);
        var started = run.Time.GetUtcNow();
        // Files of the job sit flat in the run's temp directory (j7-a1-s2.sh...): creating inodes is a measurable
        // part of a short job's cost. A job whose needs kept no artifacts shares one empty artifacts directory.
        var filePrefix = Path.Combine(run.TempDirectory, "j" + index.ToString(CultureInfo.InvariantCulture));
        var needed = neededArtifacts.ToList();
        var artifactsDirectory = needed.Count == 0 ? run.EmptyArtifactsDirectory : filePrefix + "-artifacts";
        if (needed.Count > 0)
        {
            Directory.CreateDirectory(artifactsDirectory);
            await run.Artifacts.RestoreAsync(needed, artifactsDirectory, CancellationToken.None);
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in definition.Secrets)
        {
            if (run.Secrets.TryGetValue(name, out var value))
            {
                secrets[name] = value;
            }
            else
            {
                log.Note(0, $"warning: secret `{name}` is declared but was not given (--secret or --secrets-file)");
            }
        }

        expressions = expressions
            .With("secrets", ExprValues.Strings(secrets))
            .With("job", ExprValues.Object(
                ("id", ExprValue.FromString(job.JobId)), ("key", ExprValue.FromString(job.Key)), ("name", ExprValue.FromString(job.DisplayName)), ("status", ExprValue.FromString("success"))));
        var survivesCancel = RunTimeExpressions.UsesStatusFunction(definition.If)
            && RunTimeExpressions.Condition(definition.If, expressions.WithStatus(new JobStatus(false, true))).Value;
        var setup = new JobSetup(run, job, log, expressions, secrets, Builtins(job, artifactsDirectory), filePrefix, survivesCancel, control);

        var cacheKey = await RestoreCacheAsync(setup);
        AttemptOutcome outcome;
        var attempt = 0;
        while (true)
        {
            attempt++;
            log.Attempt = attempt;
            var attemptStarted = run.Time.GetUtcNow();
            var attemptNumber = attempt;
            run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(run.RunId, job.Key, JobState.Running, null, attemptNumber, attemptNumber == 1 ? started : null, null, ct));
            run.Observer.OnEvent(new JobStartedEvent(run.RunId, attemptStarted, job.Key, attempt));
            outcome = await new JobAttempt(setup, attempt).RunAsync();
            var retry = outcome.State == JobState.Failed && attempt <= definition.Retry.Max && !setup.IsCancelled
                && (outcome.TimedOut ? definition.Retry.OnTimeout : definition.Retry.OnFailure);
            if (!retry)
            {
                break;
            }

            log.Note(0, $"attempt {attempt} failed ({outcome.Reason}); retrying ({attempt + 1} of {definition.Retry.Max + 1})");
        }

        if (outcome.State == JobState.Succeeded && afterSuccess is not null)
        {
            outcome = await afterSuccess(setup, outcome);
        }

        var state = outcome.State;
        var reason = state switch
        {
            JobState.Cancelled => control.Reason ?? (run.Aborted.IsCancellationRequested ? "run aborted" : "run cancelled"),
            JobState.Failed when definition.ContinueOnError => outcome.Reason + " (continue-on-error)",
            _ => outcome.Reason,
        };
        var outputs = outcome.Outputs.ToDictionary(kv => kv.Key, kv => run.Masker.Apply(kv.Value), StringComparer.Ordinal);
        IReadOnlyList<ArtifactRecord> artifacts = [];
        if (state != JobState.Cancelled && definition.Artifacts.Count > 0)
        {
            artifacts = await run.Artifacts.CollectAsync(run.RunId, job.Key, run.Workspace, definition.Artifacts, CancellationToken.None);
            log.Note(0, $"kept {artifacts.Count} artifact file(s)");
            foreach (var artifact in artifacts)
            {
                run.Recorder.Enqueue((s, ct) => s.AddArtifactAsync(artifact, ct));
            }
        }

        if (state == JobState.Succeeded && cacheKey is not null)
        {
            var saved = await run.Caches.SaveAsync(cacheKey, definition.Cache!.Paths, run.Workspace, CancellationToken.None);
            log.Note(0, saved > 0 ? $"cache saved: {saved} file(s) under key `{cacheKey}`" : "cache not saved (no files matched the paths)");
        }

        var finished = run.Time.GetUtcNow();
        var result = new JobResult(job.Key, job.JobId, job.DisplayName, state, reason is null ? null : run.Masker.Apply(reason), attempt, started, finished, outputs,
            FailureTolerated: state == JobState.Failed && definition.ContinueOnError)
        {
            Summary = run.Masker.Apply(outcome.Summary),
        };
        if (outputs.Count > 0)
        {
            run.Recorder.Enqueue((s, ct) => s.SetJobOutputsAsync(run.RunId, job.Key, outputs, ct));
        }

        run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(run.RunId, job.Key, state, result.Reason, attempt, null, finished, ct));
        return (result, artifacts);
    }

    /// <summary>Restores the cache; returns the rendered key to save under after a success, or null when there is nothing to save.</summary>
    private async Task<string?> RestoreCacheAsync(JobSetup setup)
    {
        if (setup.Job.Definition.Cache is not { } cache)
        {
            return null;
        }

        var key = RunTimeExpressions.Render(cache.Key, setup.Expressions);
        if (key.Error is not null)
        {
            setup.Log.Note(0, $"warning: cache key: {key.Error}; cache skipped");
            return null;
        }

        var restoreKeys = cache.RestoreKeys.Select(k => RunTimeExpressions.Render(k, setup.Expressions)).Where(r => r.Error is null).Select(r => r.Text).ToList();
        var restored = await run.Caches.RestoreAsync(key.Text, restoreKeys, run.Workspace, CancellationToken.None);
        setup.Log.Note(0, restored.Key is null
            ? $"cache miss for key `{key.Text}`"
            : restored.Exact ? $"cache hit: restored {restored.Files} file(s) from `{restored.Key}`" : $"cache restored {restored.Files} file(s) from `{restored.Key}` (restore key)");
        return restored.Exact ? null : key.Text;
    }

    private Dictionary<string, string> Builtins(PlannedJob job, string artifactsDirectory)
    {
        var ev = run.Event;
        var builtins = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CI"] = "true",
            ["SLUICE"] = "true",
            ["SLUICE_RUN_ID"] = run.RunId.ToString(CultureInfo.InvariantCulture),
            ["SLUICE_PIPELINE"] = run.Pipeline.Id,
            ["SLUICE_JOB"] = job.JobId,
            ["SLUICE_JOB_KEY"] = job.Key,
            ["SLUICE_WORKSPACE"] = run.Workspace,
            ["SLUICE_ARTIFACTS"] = artifactsDirectory,
            ["SLUICE_EVENT"] = Core.Events.PipelineEvent.KindText(ev.Kind),
            ["SLUICE_REF"] = ev.Ref ?? "",
            ["SLUICE_SHA"] = ev.Sha ?? "",
            ["SLUICE_BRANCH"] = ev.Branch ?? "",
            ["SLUICE_TAG"] = ev.Tag ?? "",
        };
        foreach (var (axis, value) in job.Matrix)
        {
            builtins["SLUICE_MATRIX_" + EnvironmentNames.Upper(axis)] = value;
        }

        return builtins;
    }
}
