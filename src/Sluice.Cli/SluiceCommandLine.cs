using System.CommandLine;
using Sluice.Cli.Commands;

namespace Sluice.Cli;

/// <summary>The composition root of the <c>sluice</c> executable: one line per command.</summary>
internal static class SluiceCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Sluice: pipelines, releases and deployments for small teams.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(RunsCommand.Create(TimeProvider.System));
        root.Subcommands.Add(ShowCommand.Create(TimeProvider.System));
        root.Subcommands.Add(LogsCommand.Create(TimeProvider.System));
        root.Subcommands.Add(PruneCommand.Create(TimeProvider.System));
        root.Subcommands.Add(ReleaseCommand.Create(TimeProvider.System));
        root.Subcommands.Add(RunCommand.Create(TimeProvider.System));
        root.Subcommands.Add(RerunCommand.Create(TimeProvider.System));
        root.Subcommands.Add(ServeCommand.Create(TimeProvider.System));
        root.Subcommands.Add(AgentCommand.Create(TimeProvider.System));
        root.Subcommands.Add(AgentWatchdogCommand.Create(TimeProvider.System));
        root.Subcommands.Add(DemoCommand.Create(TimeProvider.System));
        root.Subcommands.Add(DeployCommand.Create(TimeProvider.System));
        root.Subcommands.Add(ApproveCommand.Create(TimeProvider.System));
        return root;
    }

    /// <summary>Parses and runs; usage errors (unknown flags, bad values) print the problem and exit 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = null }; // `run` handles Ctrl+C itself (clean cancel, then abort)
        var result = Create().Parse(args);
        if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in result.Errors)
            {
                await configuration.Error.WriteLineAsync($"sluice: {error.Message}");
            }

            await configuration.Error.WriteLineAsync("Run `sluice --help` (or `sluice <command> --help`) for usage.");
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync(configuration, cancellationToken);
    }
}
