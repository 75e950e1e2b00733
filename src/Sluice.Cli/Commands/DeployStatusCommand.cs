using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Core.Deployments;
using Sluice.Engine.Deployments;
using Sluice.Engine.Pipelines;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice deploy status</c>: every environment (declared in <c>environments.yml</c>, deployed to, or locked) with the
/// version it runs, its lock or block, and what is under way: waiting for approval, waiting, queued, in progress.
/// </summary>
internal static class DeployStatusCommand
{
    public static Command Create(TimeProvider time)
    {
        var directory = new Option<string?>("-C") { Description = "Read .sluice/environments.yml of this directory's repository (default: the current one)" };
        var json = HistoryCli.JsonOption("the status");
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("status", "Show each environment: current version, lock or block, and deployments waiting, queued or in progress") { directory, json, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var cwd = Path.GetFullPath(r.GetValue(directory) ?? Directory.GetCurrentDirectory());
            var loaded = EnvironmentsLoader.Load(PipelineLoader.DefaultFolder(cwd), cwd);
            foreach (var diagnostic in loaded.Diagnostics)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync(diagnostic.ToString());
            }

            var declared = loaded.Config ?? EnvironmentsConfig.None;
            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: false, ct, async (commands, state) =>
            {
                var output = r.InvocationConfiguration.Output;
                var statuses = commands is null
                    ? declared.Environments.Select(e => new EnvironmentStatus(e.Name, e.Url, null, [], null, e.Blocked)).ToList()
                    : await commands.StatusAsync(declared, ct);
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(Json.Serialize(statuses));
                    return ExitCodes.Success;
                }

                if (statuses.Count == 0)
                {
                    await output.WriteLineAsync($"no environments: no deployments yet and no environments.yml (state directory: {state.Root})");
                    return ExitCodes.Success;
                }

                var now = time.GetUtcNow();
                await HistoryCli.WriteLinesAsync(output, TextTable.Render(
                    ["ENVIRONMENT", "VERSION", "DEPLOYED", "STATE", "UNDER WAY"],
                    statuses.Select(s => (IReadOnlyList<string>)
                    [
                        s.Environment,
                        s.Current is { } c ? DeployCli.Invariant($"{c.Version} (#{c.Id})") : "-",
                        s.Current?.FinishedAt is { } at ? HistoryText.Age(at, now) : "-",
                        s.Lock is { } held ? $"locked by {held.LockedBy}: {held.Reason}" : s.Blocked is { } blocked ? $"blocked: {blocked}" : "open",
                        s.Active.Count == 0 ? "-" : string.Join("; ", s.Active.Select(Describe)),
                    ]).ToList()));
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static string Describe(DeploymentRecord d) => d.State == DeploymentState.InProgress
        ? DeployCli.Invariant($"#{d.Id} {d.Version} in progress at {d.TrafficPercent}% (run #{d.RunId})")
        : DeployCli.Invariant($"#{d.Id} {d.Version} {d.State.Text()} (run #{d.RunId})");
}
