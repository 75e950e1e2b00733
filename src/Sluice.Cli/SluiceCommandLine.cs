using System.CommandLine;


namespace Sluice.Cli;

/// <summary>The composition root of the <c>sluice</c> executable: one line per command.</summary>
internal static class SluiceCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Sluice: pipelines, releases and deployments for small teams.");
        root.Subcommands.Add(Commands.ReleaseCommand.Create(TimeProvider.System));
        return root;
    }
}
