using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice deploy</c>: the deployment history and what people do to environments — <c>history</c>, <c>status</c>,
/// <c>rollback</c>, <c>lock</c>, <c>unlock</c>, <c>stop</c>. Deployments themselves start from pipelines (jobs with
/// <c>environment:</c>/<c>deploy:</c>, see docs/deployments.md). Exit codes: 0 done, 1 failed or refused, 2 usage.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("deploy", "Deployment history, status, rollback and environment locks (see docs/deployments.md)");
        command.Subcommands.Add(DeployHistoryCommand.Create(time));
        command.Subcommands.Add(DeployStatusCommand.Create(time));
        command.Subcommands.Add(DeployRollbackCommand.Create(time));
        command.Subcommands.Add(DeployLockCommand.Create(time));
        command.Subcommands.Add(DeployUnlockCommand.Create(time));
        command.Subcommands.Add(DeployStopCommand.Create(time));
        return command;
    }
}
