using System.Globalization;

namespace Sluice.Engine.Storage;

/// <summary>The plain-text page of <c>sluice show</c>: header, jobs, steps, outputs, artifacts, summary.</summary>
internal static class RunDetailsText
{
    public static IEnumerable<string> Render(RunDetails details, DateTimeOffset now)
    {
        var (run, jobs, steps, artifacts) = (details.Run, details.Jobs, details.Steps, details.Artifacts);
        yield return Invariant($"run #{run.Id}  {run.PipelineId}  {HistoryText.Name(run.State)}");
        yield return $"  pipeline  {run.PipelineName} ({run.PipelineFile})";
        var where = run.Branch is null ? string.Empty : $"  {run.Branch}";
        var sha = run.Sha is null ? string.Empty : $" @ {HistoryText.Sha7(run.Sha)}";
        var actor = run.Actor is null ? string.Empty : $"  by {run.Actor}";
        yield return $"  event     {run.EventKind}{where}{sha}{actor}";
        yield return $"  created   {run.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} ({HistoryText.Age(run.CreatedAt, now)})";
        yield return $"  duration  {HistoryText.Elapsed(run.StartedAt, run.FinishedAt, now)}";
        if (run.ParentRunId is { } parent)
        {
            yield return Invariant($"  rerun of  #{parent}");
        }

        if (!run.State.IsTerminal() || run.State == RunState.Interrupted)
        {
            yield return $"  owner     {run.Owner}";
        }

        yield return string.Empty;
        yield return "jobs";
        var jobRows = jobs.Select(j => (IReadOnlyList<string>)
            [j.Key, HistoryText.Name(j.State), HistoryText.Elapsed(j.StartedAt, j.FinishedAt, now), Invariant($"{j.Attempts}"), j.Reason ?? string.Empty]).ToList();
        foreach (var line in TextTable.Render(["KEY", "STATE", "DURATION", "ATTEMPTS", "REASON"], jobRows, "  "))
        {
            yield return line;
        }

        if (steps.Count > 0)
        {
            yield return string.Empty;
            yield return "steps";
            var stepRows = steps.Select(s => (IReadOnlyList<string>)
            [
                s.JobKey, Invariant($"{s.Attempt}"), Invariant($"{s.Index}"), s.Name, HistoryText.Name(s.State),
                s.ExitCode is { } code ? Invariant($"{code}") : "-", HistoryText.Elapsed(s.StartedAt, s.FinishedAt, now),
            ]).ToList();
            foreach (var line in TextTable.Render(["JOB", "ATTEMPT", "#", "STEP", "STATE", "EXIT", "DURATION"], stepRows, "  "))
            {
                yield return line;
            }
        }

        var outputs = jobs.SelectMany(j => j.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"  {j.Key}.{o.Key} = {o.Value}")).ToList();
        if (outputs.Count > 0)
        {
            yield return string.Empty;
            yield return "outputs";
            foreach (var line in outputs)
            {
                yield return line;
            }
        }

        if (artifacts.Count > 0)
        {
            yield return string.Empty;
            yield return "artifacts";
            var rows = artifacts.Select(a => (IReadOnlyList<string>)[a.JobKey, a.Path, HistoryText.Size(a.Size), "sha256:" + a.Sha256[..Math.Min(12, a.Sha256.Length)]]).ToList();
            foreach (var line in TextTable.Render(["JOB", "PATH", "SIZE", "BLOB"], rows, "  "))
            {
                yield return line;
            }
        }

        if (!string.IsNullOrEmpty(run.Summary))
        {
            yield return string.Empty;
            yield return "summary";
            foreach (var line in run.Summary.TrimEnd().Split('\n'))
            {
                yield return ("  " + line).TrimEnd();
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
