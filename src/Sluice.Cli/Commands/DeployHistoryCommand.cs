using System.CommandLine;
using Sluice.Cli.Output;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice deploy history ENV</c>: the environment's deployments, newest first; <c>--events</c> adds each one's trail.</summary>
internal static class DeployHistoryCommand
{
    public static Command Create(TimeProvider time)
    {
        var environment = DeployCli.EnvironmentArgument();
        var limit = new Option<int>("--limit") { Description = "At most this many deployments", DefaultValueFactory = _ => 20 };
        var events = new Option<bool>("--events") { Description = "Also print each deployment's trail (approvals, shifts, checks, roll back)" };
        var json = HistoryCli.JsonOption("the deployments");
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("history", "List an environment's deployments, newest first: version, outcome, traffic, who triggered and approved") { environment, limit, events, json, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (r.GetValue(limit) < 1)
            {
                return await HistoryCli.UsageAsync(r, "--limit must be at least 1");
            }

            var name = r.GetValue(environment)!;
            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: false, ct, async (commands, state) =>
            {
                var output = r.InvocationConfiguration.Output;
                var deployments = commands is null ? [] : await commands.HistoryAsync(name, r.GetValue(limit), ct);
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(Json.Serialize(deployments));
                    return ExitCodes.Success;
                }

                if (deployments.Count == 0)
                {
                    await output.WriteLineAsync($"no deployments to {name} (state directory: {state.Root})");
                    return ExitCodes.Success;
                }

                await HistoryCli.WriteLinesAsync(output, DeployCli.HistoryTable(deployments, time.GetUtcNow()));
                if (r.GetValue(events) && commands is not null)
                {
                    foreach (var deployment in deployments)
                    {
                        await output.WriteLineAsync();
                        await output.WriteLineAsync(DeployCli.Invariant($"#{deployment.Id} {deployment.Version}:"));
                        foreach (var e in await commands.EventsAsync(deployment.Id, ct))
                        {
                            await output.WriteLineAsync(DeployCli.Invariant($"  {e.At:yyyy-MM-dd HH:mm:ss}Z  {e.Kind,-16} {e.Message}"));
                        }
                    }
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
