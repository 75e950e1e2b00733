using System.CommandLine;
using Sluice.Cli.Commands;

namespace Sluice.Cli;

/// <summary>The composition root of the <c>sluice</c> executable: one line per command.</summary>
internal static class SluiceCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Sluice: pipelines, releases and deployments for small teams.");
        root.Subcommands.Add(RunsCommand.Create(TimeProvider.System));
        root.Subcommands.Add(ShowCommand.Create(TimeProvider.System));
        root.Subcommands.Add(LogsCommand.Create(TimeProvider.System));
        root.Subcommands.Add(PruneCommand.Create(TimeProvider.System));
        return root;
    }
}
