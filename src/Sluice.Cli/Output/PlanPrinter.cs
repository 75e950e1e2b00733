using Sluice.Core.Events;
using System.Globalization;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Core.Scheduling;
using Sluice.Core.Time;

namespace Sluice.Cli.Output;

/// <summary>Renders a <see cref="RunPlan"/> as a tree for terminals, or as a JSON document.</summary>
internal static class PlanPrinter
{
    public static void Print(TextWriter output, PipelineEvent ev, RunPlan plan, DateTimeOffset now)
    {
        output.WriteLine($"event: {Describe(ev)}");
        foreach (var p in plan.Pipelines)
        {
            output.WriteLine();
            if (!p.Matched)
            {
                output.WriteLine($"○ {p.Pipeline.Name}  ({p.Pipeline.File})  not run: {p.Reason}");
                PrintSchedule(output, p.Pipeline, now);
                continue;
            }

            output.WriteLine($"● {p.Pipeline.Name}  ({p.Pipeline.File})  runs: {p.Reason}");
            PrintSchedule(output, p.Pipeline, now);
            foreach (var note in p.Notes ?? [])
            {
                output.WriteLine($"  ! {note}");
            }

            if (p.Inputs is { Count: > 0 } inputs)
            {
                output.WriteLine($"  inputs: {string.Join(", ", inputs.Select(kv => $"{kv.Key}={kv.Value}"))}");
            }

            var rows = Ordered(p.Jobs).Select(j => (Text: "✓ " + j.Key, Detail: Detail(j))).ToList();
            rows.AddRange(p.Skipped.Select(s => (Text: "✗ " + s.JobId, Detail: "skipped: " + Shorten(s.Reason, 100))));
            var width = rows.Count == 0 ? 0 : rows.Max(r => r.Text.Length);
            for (var i = 0; i < rows.Count; i++)
            {
                var branch = i == rows.Count - 1 ? "└─" : "├─";
                var detail = rows[i].Detail.Length == 0 ? "" : "  " + rows[i].Detail;
                output.WriteLine($"  {branch} {rows[i].Text.PadRight(width)}{detail}".TrimEnd());
            }
        }

        var matched = plan.Matched.ToList();
        output.WriteLine();
        output.WriteLine($"{matched.Count} of {plan.Pipelines.Count} pipeline(s) run, {matched.Sum(p => p.Jobs.Count)} job(s)");
    }

    /// <summary>The next three fire times of a scheduled pipeline, in its own timezone.</summary>
    private static void PrintSchedule(TextWriter output, Pipeline pipeline, DateTimeOffset now)
    {
        if (NextRuns(pipeline, now) is { Count: > 0 } next)
        {
            output.WriteLine($"  schedule ({pipeline.On.Schedule!.Timezone}): next {string.Join(", ", next)}");
        }
    }

    private static List<string>? NextRuns(Pipeline pipeline, DateTimeOffset now)
    {
        if (pipeline.On.Schedule is not { } schedule || !ScheduleCalculator.TryCreate(schedule, out var calculator, out _))
        {
            return null;
        }

        return calculator.GetNextFireTimes(now, 3)
            .Select(f => TimeZoneInfo.ConvertTime(f.At, calculator.Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))
            .ToList();
    }

    public static object ToJson(PipelineEvent ev, RunPlan plan, DateTimeOffset now) => new
    {
        Event = new { Kind = PipelineEvent.KindText(ev.Kind), ev.Ref, ev.Branch, ev.Tag, ev.Sha, ev.BaseBranch, ev.PullRequest, ev.Fork, ev.Comment, ev.ChangedFiles },
        Pipelines = plan.Pipelines.Select(p => new
        {
            p.Pipeline.Id,
            p.Pipeline.Name,
            p.Pipeline.File,
            p.Matched,
            p.Reason,
            Notes = p.Notes ?? [],
            Inputs = p.Inputs,
            CommandArgs = p.CommandArgs,
            Jobs = Ordered(p.Jobs).Select(j => new
            {
                j.Key,
                Job = j.JobId,
                Name = j.DisplayName,
                j.Matrix,
                j.Needs,
                RunsOn = j.Definition.RunsOn,
                j.Definition.Environment,
                Timeout = j.Definition.Timeout is { } t ? Duration.Format(t) : null,
                Deploy = j.Definition.Deploy?.Strategy,
            }),
            Skipped = p.Skipped.Select(s => new { Job = s.JobId, s.Reason }),
            NextRuns = NextRuns(p.Pipeline, now),
        }),
    };

    private static string Detail(PlannedJob job)
    {
        var parts = new List<string>();
        if (job.Needs.Count > 0)
        {
            parts.Add("needs: " + string.Join(", ", job.Needs));
        }

        if (job.Definition.Environment is { } env)
        {
            parts.Add("environment: " + env);
        }

        if (job.Definition.Deploy is { } deploy)
        {
            parts.Add("deploy: " + (deploy.Strategy ?? $"{deploy.Steps.Count} steps"));
        }

        if (job.Definition.RunsOn.Count > 0)
        {
            parts.Add("runs-on: " + string.Join(",", job.Definition.RunsOn));
        }

        if (!string.IsNullOrWhiteSpace(job.Definition.If))
        {
            parts.Add("if: " + Shorten(job.Definition.If.Trim(), 60));
        }

        return string.Join("  ", parts);
    }

    /// <summary>Topological order (a job after everything it needs), stable with respect to the file order.</summary>
    private static List<PlannedJob> Ordered(IReadOnlyList<PlannedJob> jobs)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PlannedJob>();
        var remaining = jobs.ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(j => j.Needs.All(done.Contains)) ?? remaining[0];
            remaining.Remove(next);
            done.Add(next.Key);
            result.Add(next);
        }

        return result;
    }

    private static string Describe(PipelineEvent ev) => ev.Kind switch
    {
        EventKind.Push => $"push to {ev.Branch}{(ev.Deleted ? " (deleted)" : "")}{Changed(ev)}",
        EventKind.Tag => $"tag {ev.Tag}",
        EventKind.PullRequest => $"pull request #{ev.PullRequest} {ev.PullRequestAction} ({ev.Branch} → {ev.BaseBranch}){(ev.Fork ? ", from a fork" : "")}{Changed(ev)}",
        EventKind.Comment => $"comment \"{ev.Comment}\"{(ev.PullRequest is { } n ? $" on #{n}" : "")}",
        _ => PipelineEvent.KindText(ev.Kind) + (ev.Pipeline is null ? "" : $" of {ev.Pipeline}"),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Changed(PipelineEvent ev) =>
        ev.ChangedFiles is null ? "" : $", {ev.ChangedFiles.Count} changed file(s)";
}
