using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice deploy lock ENV --reason TEXT</c>: a sticky lock; every deployment to ENV is refused with the reason until <c>unlock</c>.</summary>
internal static class DeployLockCommand
{
    public static Command Create(TimeProvider time)
    {
        var environment = DeployCli.EnvironmentArgument();
        var reason = new Option<string>("--reason") { Description = "Why; people whose deployments are refused read it", Required = true };
        var asOption = DeployCli.AsOption();
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("lock", "Lock an environment: deployments are refused with the reason until `sluice deploy unlock`") { environment, reason, asOption, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var why = r.GetValue(reason)!.Trim();
            if (why.Length == 0)
            {
                return await HistoryCli.UsageAsync(r, "--reason must say why");
            }

            var name = r.GetValue(environment)!;
            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: true, ct, async (commands, _) =>
            {
                var person = DeployCli.Person(r, asOption);
                await commands!.LockAsync(name, person, why, ct);
                await r.InvocationConfiguration.Output.WriteLineAsync($"locked {name} ({person}: {why}); deployments are refused until `sluice deploy unlock {name}`");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
