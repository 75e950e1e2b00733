using System.ComponentModel;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// What <c>sluice agent</c> does so that its steps never outlive it (steps run in sessions of their own, so a SIGKILLed
/// agent would leave them running while the server re-leases the job to another agent): every step group it starts and
/// ends goes to its watchdog child (<see cref="StepWatchdog"/>), which kills the live ones when the agent dies, and to
/// its ledger file (<see cref="StepGroupLedger"/>), from which the next agent on the data directory kills what is left if
/// the watchdog died too. Starting it first kills what dead agents of the data directory left.
/// </summary>
internal sealed class AgentStepGroups : Execution.IStepGroupWatch, IAsyncDisposable
{
    private readonly Dictionary<int, StepGroup> live = [];
    private readonly Lock gate = new();
    private readonly StepGroupLedger ledger;
    private readonly StepWatchdogProcess? watchdog;
    private readonly Action<string> log;
    private bool warned;

    private AgentStepGroups(StepGroupLedger ledger, StepWatchdogProcess? watchdog, Action<string> log)
    {
        this.ledger = ledger;
        this.watchdog = watchdog;
        this.log = log;
    }

    /// <summary>The watchdog's pid (null without one), for tests.</summary>
    public int? WatchdogPid => watchdog?.Pid;

    /// <param name="watchdogCommand">How to start the watchdog (program, arguments); null: none, only the ledger.</param>
    public static async Task<AgentStepGroups> StartAsync(string dataDirectory, IReadOnlyList<string>? watchdogCommand, Action<string> log, CancellationToken cancellationToken)
    {
        var leftovers = await StepGroupLedger.ReapLeftoversAsync(dataDirectory, cancellationToken);
        if (leftovers.Processes > 0)
        {
            log($"killed {leftovers.Processes} step process(es) in {leftovers.Groups} group(s) left running by an earlier agent on {dataDirectory}");
        }

        StepWatchdogProcess? watchdog = null;
        try
        {
            watchdog = watchdogCommand is null ? null : StepWatchdogProcess.Start(watchdogCommand);
        }
        catch (Win32Exception e)
        {
            log($"could not start the step watchdog ({e.Message}); if this agent is killed, its steps are stopped only when the next agent starts on {dataDirectory}");
        }

        var ledger = new StepGroupLedger(dataDirectory);
        var groups = new AgentStepGroups(ledger, watchdog, log);
        if (!ledger.Compact([]))
        {
            groups.warned = true;
            log($"cannot write {ledger.FilePath}; a later agent cannot stop steps this one leaves if it and its watchdog are killed");
        }

        return groups;
    }

    public void Started(int groupId)
    {
        // Read before the engine reaps the leader: its start time tells it from a later process with the same pid.
        var group = new StepGroup(groupId, ProcStat.Read(groupId)?.StartTime ?? 0);
        lock (gate)
        {
            live[groupId] = group;
            Record(StepWatchdog.StartedLine(group));
        }
    }

    public void Ended(int groupId)
    {
        lock (gate)
        {
            if (live.Remove(groupId))
            {
                Record(StepWatchdog.EndedLine(groupId));
            }
        }
    }

    /// <summary>A clean exit: the watchdog is told bye (it kills nothing) and the ledger is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (watchdog is not null)
        {
            await watchdog.DisposeAsync();
        }

        lock (gate)
        {
            ledger.Dispose();
        }
    }

    private void Record(string line)
    {
        var sent = watchdog?.Send(line) ?? true;
        var written = ledger.Append(line, live.Values);
        if ((!sent || !written) && !warned)
        {
            warned = true;
            log(!sent
                ? "the step watchdog is gone; if this agent is killed, its steps are stopped only when the next agent starts on its data directory"
                : $"cannot write {ledger.FilePath}; a later agent cannot stop steps this one leaves if it and its watchdog are killed");
        }
    }
}
