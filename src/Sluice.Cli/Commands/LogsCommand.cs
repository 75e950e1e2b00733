using System.CommandLine;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Core.Time;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice logs [RUN] [JOB]</c>: a run's log lines, job by job; <c>--follow</c> streams until the run ends.</summary>
internal static class LogsCommand
{
    /// <summary>The shared JSON style, one object per line so <c>--follow</c> can stream.</summary>
    private static readonly JsonSerializerOptions JsonLines = new(Json.Options) { WriteIndented = false };

    public static Command Create(TimeProvider time)
    {
        var run = new Argument<string?>("run") { Description = "Run id (default: the latest run); a job name alone means the latest run", Arity = ArgumentArity.ZeroOrOne };
        var job = new Argument<string?>("job") { Description = "Only this job: its key (`test (python=3.12)`) or id (every matrix instance)", Arity = ArgumentArity.ZeroOrOne };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the run finishes" };
        var poll = new Option<string>("--poll-interval") { Description = "How often --follow polls (e.g. 200ms)", DefaultValueFactory = _ => "500ms", Hidden = true };
        var json = HistoryCli.JsonOption("one log line object per line");
        var stateDir = HistoryCli.StateDirOption();
        var command = new Command("logs", "Print the logs of a run, prefixed with the job key when several jobs are shown.");
        command.Arguments.Add(run);
        command.Arguments.Add(job);
        foreach (var option in new Option[] { follow, poll, json, stateDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var (runText, jobText) = (r.GetValue(run), r.GetValue(job));
            if (!HistoryCli.TryParseRun(runText, out var runId))
            {
                if (jobText is not null)
                {
                    return await HistoryCli.UsageAsync(r, $"`{runText}` is not a run id");
                }

                (runId, jobText) = (null, runText);
            }

            if (!Duration.TryParse(r.GetValue(poll), out var interval, out var pollError) || interval <= TimeSpan.Zero)
            {
                return await HistoryCli.UsageAsync(r, $"--poll-interval: {pollError ?? "must be positive"}");
            }

            return await HistoryCli.WithHistoryAsync(r, stateDir, time, ct, async (history, _, output) =>
            {
                if (await history.FindAsync(runId, ct) is not { } found)
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync($"sluice: {HistoryCli.NotFound(runId)}");
                    return ExitCodes.Failure;
                }

                var jobs = await history.GetJobsAsync(found.Id, ct);
                var selected = jobText is null ? jobs : SelectJobs(jobs, jobText);
                if (selected.Count == 0)
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync(
                        $"sluice: run #{found.Id} has no job `{jobText}` (jobs: {string.Join(", ", jobs.Select(j => j.Key))})");
                    return ExitCodes.Failure;
                }

                var keys = jobText is null ? null : selected.Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
                var width = selected.Count == 1 ? 0 : selected.Max(j => j.Key.Length);
                try
                {
                    await foreach (var line in history.ReadLogsAsync(found.Id, keys, r.GetValue(follow), interval, ct))
                    {
                        if (r.GetValue(json))
                        {
                            await output.WriteLineAsync(JsonSerializer.Serialize(line, JsonLines));
                        }
                        else
                        {
                            await HistoryCli.WriteLinesAsync(output, HistoryText.LogLine(line, width == 0 ? null : line.JobKey.PadRight(width)));
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C while following: the user stopped reading, not a failure.
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>An exact job key, else every instance of a job id (a matrix job).</summary>
    private static IReadOnlyList<JobRecord> SelectJobs(IReadOnlyList<JobRecord> jobs, string name)
    {
        var exact = jobs.Where(j => j.Key == name).ToList();
        return exact.Count > 0 ? exact : jobs.Where(j => j.JobId == name).ToList();
    }
}
