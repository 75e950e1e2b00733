using System.CommandLine;
using Sluice.Cli.Terminal;
using Sluice.Engine.Agents;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Runs;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice agent</c>: a remote worker of a server in agent mode (docs/agent-protocol.md). Claims jobs whose <c>runs-on</c>
/// labels it has and runs them with the engine of <c>sluice run</c>. SIGTERM or Ctrl+C: stop claiming, finish the running
/// jobs, exit 0. Its steps die with it, SIGKILL included: a watchdog child (<see cref="AgentWatchdogCommand"/>) and a ledger
/// file in the data directory (<see cref="AgentStepGroups"/>). Exit codes: 0 done (with <c>--once</c>: the job succeeded), 1 the <c>--once</c> job did not succeed,
/// 2 wrong usage or the token was refused.
/// </summary>
internal static class AgentCommand
{
    public static Command Create(TimeProvider time)
    {
        var server = new Option<string>("--server") { Description = "The server's URL, e.g. http://ci.example.com:8080", Required = true };
        var token = new Option<string?>("--token") { Description = "The agent token (one of the server's `agents: tokens:`); default $SLUICE_AGENT_TOKEN" };
        var labels = new Option<string?>("--labels") { Description = "Comma-separated labels this agent offers (jobs with `runs-on` need all of theirs)" };
        var capacity = new Option<int>("--capacity") { Description = "Jobs run at once", DefaultValueFactory = _ => 1 };
        var once = new Option<bool>("--once") { Description = "Take one job, run it, exit (exit code 0 if it succeeded, 1 if not)" };
        var name = new Option<string?>("--name") { Description = "The name the server shows for this agent (default: host-pid)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the agent keeps job directories, artifact blobs and caches (default: a folder in the temp directory)" };
        var command = new Command("agent", "Run jobs for a Sluice server: register, claim jobs whose labels this agent has, run them, report.");
        foreach (var option in new Option[] { server, token, labels, capacity, once, name, dataDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            var secret = r.GetValue(token) ?? Environment.GetEnvironmentVariable("SLUICE_AGENT_TOKEN");
            if (!Uri.TryCreate(r.GetValue(server), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync("sluice agent: --server must be an http(s) URL");
                return ExitCodes.Usage;
            }

            if (string.IsNullOrEmpty(secret))
            {
                await error.WriteLineAsync("sluice agent: give the agent token with --token or SLUICE_AGENT_TOKEN");
                return ExitCodes.Usage;
            }

            if (r.GetValue(capacity) < 1)
            {
                await error.WriteLineAsync("sluice agent: --capacity must be at least 1");
                return ExitCodes.Usage;
            }

            var options = new AgentOptions(
                r.GetValue(name) ?? $"{Environment.MachineName}-{Environment.ProcessId}",
                (r.GetValue(labels) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                r.GetValue(capacity), r.GetValue(once),
                Path.GetFullPath(r.GetValue(dataDir) ?? Path.Combine(Path.GetTempPath(), "sluice-agent")),
                AgentOptions.DefaultClaimWait, RunOptions.DefaultKillGrace);
            var gate = new Lock();
            void Log(string message)
            {
                lock (gate)
                {
                    output.WriteLine($"{time.GetLocalNow():HH:mm:ss} sluice agent: {message}");
                    output.Flush();
                }
            }

            using var signals = new StopSignals(ct);
            using (signals.Token.Register(() => Log("stopping: no new jobs; running jobs finish first")))
            {
                // Steps run in sessions of their own: without the watchdog they would outlive an agent killed with SIGKILL.
                await using var groups = await AgentStepGroups.StartAsync(options.DataDirectory, AgentWatchdogCommand.Invocation(), Log, CancellationToken.None);
                using var client = new AgentClient(url, secret);
                var result = await new AgentWorker(client, options, time, Log, groups).RunAsync(signals.Token, CancellationToken.None);
                if (result.Error is not null)
                {
                    await error.WriteLineAsync("sluice agent: " + result.Error);
                    return ExitCodes.Usage;
                }

                Log($"exiting after {result.Jobs} job(s), {result.Failed} not successful");
                return options.Once && result.Failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
            }
        });
        return command;
    }
}
