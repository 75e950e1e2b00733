using System.Globalization;
using System.Runtime.InteropServices;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// The loop of <c>sluice agent-watchdog</c>, the agent's child that outlives it: reads the agent's lines from its standard
/// input and, when that pipe reaches end of file without <see cref="Bye"/> — the agent died, SIGKILL included, since
/// the kernel closes a dead process's end — kills every step group still live (<see cref="StepGroupKiller"/>) and
/// returns. Lines: <c>+ {id} {start time}</c> (a group started), <c>- {id}</c> (it ended), <c>bye</c> (the agent exits
/// cleanly: nothing to kill). Unknown lines are ignored, so an older watchdog never stops a newer agent.
/// </summary>
internal static class StepWatchdog
{
    public const string Bye = "bye";

    /// <summary>
    /// Called first in the watchdog process: leaves the agent's session and process group, and ignores SIGINT, SIGTERM,
    /// SIGHUP and SIGQUIT until disposed, so a signal to the agent's group (Ctrl+C, <c>kill -9 -pgid</c>) or a closed
    /// terminal leaves it to do its job; it ends when its pipe closes.
    /// </summary>
    public static IDisposable Detach()
    {
        _ = Execution.Libc.SetSid(); // Fails only when it leads a session already, which is as good.
        return new Registrations([.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(s => PosixSignalRegistration.Create(s, c => c.Cancel = true))]);
    }

    public static string StartedLine(StepGroup group) =>
        string.Create(CultureInfo.InvariantCulture, $"+ {group.Id} {group.StartTime}");

    public static string EndedLine(int groupId) => string.Create(CultureInfo.InvariantCulture, $"- {groupId}");

    /// <summary>Applies a started or ended line to <paramref name="live"/> (the ledger holds the same lines); others change nothing.</summary>
    public static void Apply(string line, Dictionary<int, StepGroup> live)
    {
        var parts = line.Split(' ');
        if (parts is ["+", var id, var start] && int.TryParse(id, CultureInfo.InvariantCulture, out var started)
            && long.TryParse(start, CultureInfo.InvariantCulture, out var startTime))
        {
            live[started] = new StepGroup(started, startTime);
        }
        else if (parts is ["-", var endedId] && int.TryParse(endedId, CultureInfo.InvariantCulture, out var ended))
        {
            live.Remove(ended);
        }
    }

    public static async Task<WatchdogResult> RunAsync(TextReader agent, CancellationToken cancellationToken)
    {
        var live = new Dictionary<int, StepGroup>();
        while (await agent.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == Bye)
            {
                return new WatchdogResult(AgentDied: false, 0, 0);
            }

            Apply(line, live);
        }

        var processes = 0;
        var groups = 0;
        foreach (var group in live.Values)
        {
            var killed = await StepGroupKiller.KillAsync(group, cancellationToken);
            processes += killed;
            groups += killed > 0 ? 1 : 0;
        }

        return new WatchdogResult(AgentDied: true, groups, processes);
    }
}

/// <summary>Signal registrations that end together.</summary>
internal sealed class Registrations(IReadOnlyList<PosixSignalRegistration> items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}

/// <summary>How the watchdog ended: the agent said bye, or it died and these many groups and processes were killed.</summary>
internal sealed record WatchdogResult(bool AgentDied, int Groups, int Processes);
