using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice deploy stop ENV [--reason]</c>: asks the deployments under way in ENV to stop. One in progress rolls
/// back (its process sees the request within a poll); one not started yet is cancelled. Exit 1 when nothing was under way.
/// </summary>
internal static class DeployStopCommand
{
    public static Command Create(TimeProvider time)
    {
        var environment = DeployCli.EnvironmentArgument();
        var reason = new Option<string?>("--reason") { Description = "Why; recorded as the roll back's reason" };
        var asOption = DeployCli.AsOption();
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("stop", "Stop the deployments under way in an environment (one in progress rolls back)") { environment, reason, asOption, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var name = r.GetValue(environment)!;
            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: false, ct, async (commands, _) =>
            {
                var output = r.InvocationConfiguration.Output;
                var asked = commands is null ? [] : await commands.StopAsync(name, DeployCli.Person(r, asOption), r.GetValue(reason) ?? "", ct);
                if (asked.Count == 0)
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync($"sluice: no deployment to {name} is under way");
                    return ExitCodes.Failure;
                }

                foreach (var d in asked)
                {
                    await output.WriteLineAsync(DeployCli.Invariant($"asked #{d.Id} ({d.Version}, run #{d.RunId}) to stop"));
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
