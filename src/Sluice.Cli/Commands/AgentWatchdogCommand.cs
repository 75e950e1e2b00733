using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Sluice.Engine.Agents.Reaping;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice agent-watchdog</c> (hidden): the child <c>sluice agent</c> starts to kill its steps if it dies
/// (<see cref="StepWatchdog"/>; docs/agent-protocol.md). It leaves the agent's session first and ignores SIGINT, SIGTERM,
/// SIGHUP and SIGQUIT, so a signal to the agent's process group (Ctrl+C, <c>kill -9 -pgid</c>) or a closed terminal leaves
/// it to do its job; it ends only when its standard input, the pipe from the agent, is closed.
/// </summary>
internal static class AgentWatchdogCommand
{
    public const string Name = "agent-watchdog";

    public static Command Create(TimeProvider time)
    {
        var agent = new Option<int>("--agent") { Description = "The agent's pid (for the message)" };
        var command = new Command(Name, "Kills the step processes of a `sluice agent` that died (started by the agent).") { Hidden = true };
        command.Options.Add(agent);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            using var detached = StepWatchdog.Detach();
            using var input = new StreamReader(Console.OpenStandardInput());
            var result = await StepWatchdog.RunAsync(input, CancellationToken.None);
            if (result.AgentDied && result.Processes > 0)
            {
                try
                {
                    var output = r.InvocationConfiguration.Output;
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{time.GetLocalNow():HH:mm:ss} sluice agent-watchdog: the agent (pid {r.GetValue(agent)}) is gone; killed {result.Processes} step process(es) in {result.Groups} group(s)"));
                    await output.FlushAsync(CancellationToken.None);
                }
                catch (IOException)
                {
                    // Nobody reads the agent's output any more.
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How this executable starts its watchdog: the same program (through <c>dotnet</c> when run as a .dll).</summary>
    public static IReadOnlyList<string> Invocation()
    {
        var program = Environment.ProcessPath ?? "sluice";
        var arguments = new List<string> { program };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } dll)
        {
            arguments.Add(dll);
        }

        arguments.AddRange([Name, "--agent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        return arguments;
    }
}
