using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice deploy unlock ENV</c>: removes the lock (nothing to do is not an error).</summary>
internal static class DeployUnlockCommand
{
    public static Command Create(TimeProvider time)
    {
        var environment = DeployCli.EnvironmentArgument();
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("unlock", "Unlock an environment locked with `sluice deploy lock`") { environment, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var name = r.GetValue(environment)!;
            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: false, ct, async (commands, _) =>
            {
                var removed = commands is not null && await commands.UnlockAsync(name, ct);
                await r.InvocationConfiguration.Output.WriteLineAsync(removed ? $"unlocked {name}" : $"{name} was not locked");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
