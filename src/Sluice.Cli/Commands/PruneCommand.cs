using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Core.Time;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice prune</c>: deletes old finished runs, their logs and the blobs nothing references any more.</summary>
internal static class PruneCommand
{
    public static Command Create(TimeProvider time)
    {
        var olderThan = new Option<string>("--older-than") { Description = "Delete finished runs created longer ago than this (e.g. 30d, 12h, 2w)", DefaultValueFactory = _ => "30d" };
        var keep = new Option<int>("--keep") { Description = "Always keep the newest N runs", DefaultValueFactory = _ => RetentionPolicy.Default.KeepLast };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the runs that would be deleted" };
        var json = HistoryCli.JsonOption("what was (or would be) deleted");
        var stateDir = HistoryCli.StateDirOption();
        var command = new Command("prune", "Delete old finished runs with their logs and unreferenced artifact blobs. Queued and running runs are never deleted.");
        foreach (var option in new Option[] { olderThan, keep, dryRun, json, stateDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!Duration.TryParse(r.GetValue(olderThan), out var age, out var ageError))
            {
                return await HistoryCli.UsageAsync(r, $"--older-than: {ageError}");
            }

            if (r.GetValue(keep) is var keepLast && keepLast < 0)
            {
                return await HistoryCli.UsageAsync(r, "--keep must be 0 or more");
            }

            var policy = new RetentionPolicy(age, keepLast);
            return await HistoryCli.WithHistoryAsync(r, stateDir, time, ct, async (history, dir, output) =>
            {
                var retention = history.Store is { } store ? new Retention(store, dir.Blobs(), time) : null;
                if (r.GetValue(dryRun))
                {
                    var doomed = retention is null ? [] : await retention.PlanAsync(policy, ct);
                    if (r.GetValue(json))
                    {
                        await output.WriteLineAsync(Json.Serialize(new { DryRun = true, Runs = doomed.Select(d => d.Id) }));
                        return ExitCodes.Success;
                    }

                    await output.WriteLineAsync($"would delete {doomed.Count} run(s) older than {r.GetValue(olderThan)}, keeping the newest {keepLast}");
                    await HistoryCli.WriteLinesAsync(output, doomed.Count == 0 ? [] : HistoryText.RunsTable(doomed, time.GetUtcNow()));
                    return ExitCodes.Success;
                }

                var result = retention is null ? new PruneResult(0, 0, []) : await retention.ApplyAsync(policy, ct);
                await output.WriteLineAsync(r.GetValue(json)
                    ? Json.Serialize(new { DryRun = false, result.RunsDeleted, result.LogLinesDeleted, BlobsDeleted = result.UnreferencedBlobs.Count })
                    : $"deleted {result.RunsDeleted} run(s), {result.LogLinesDeleted} log line(s), {result.UnreferencedBlobs.Count} blob(s)");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
