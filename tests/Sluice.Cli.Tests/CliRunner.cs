using System.CommandLine;

namespace Sluice.Cli.Tests;

/// <summary>Runs the real command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SluiceCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository's examples folder, found from the test binary's location.</summary>
    public static string Examples
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Sluice.sln")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
        }
    }
}
