using System.Globalization;
using System.Text;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// An agent's record of its step groups, in <c>step-groups/{pid}-{start time}.groups</c> under its data directory: the
/// kernel's boot id, then the watchdog's lines (<c>+ {id} {start}</c>, <c>- {id}</c>), appended as groups start and end
/// (one write each, no flush to disk: the file must survive the agent, not the machine) and compacted to the live groups
/// now and then; deleted on a clean exit. If the agent and its watchdog both die (the whole process tree SIGKILLed, the
/// OOM killer), the next agent started on the same data directory kills what they left (<see cref="ReapLeftoversAsync"/>).
/// The name tells the owner: a file whose agent is alive (same pid and start time) is left alone, since several agents
/// may share a data directory. After a reboot (another boot id) nothing listed can be alive and pids mean nothing.
/// Not thread-safe: <see cref="AgentStepGroups"/> calls it under its lock.
/// </summary>
internal sealed class StepGroupLedger : IDisposable
{
    private const string Extension = ".groups";
    private const int CompactAfter = 1000;

    private readonly string path;
    private readonly string bootId = ProcStat.BootId();
    private FileStream? appender;
    private int appended;

    public StepGroupLedger(string dataDirectory)
    {
        var directory = Folder(dataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Compact reports that it cannot write; the agent runs on with the watchdog alone.
        }

        var self = ProcStat.Read(Environment.ProcessId);
        path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{self?.StartTime ?? 0}{Extension}"));
    }

    public string FilePath => path;

    /// <summary>Appends a line (compacting to <paramref name="live"/> now and then); false when the file cannot be written.</summary>
    public bool Append(string line, IEnumerable<StepGroup> live)
    {
        if (appender is null || ++appended > CompactAfter)
        {
            return Compact(live);
        }

        try
        {
            appender.Write(Encoding.UTF8.GetBytes(line + "\n"));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Rewrites the file with only <paramref name="live"/> (a new file renamed over the old) and appends to it from then on.</summary>
    public bool Compact(IEnumerable<StepGroup> live)
    {
        appender?.Dispose();
        appender = null;
        appended = 0;
        var text = new StringBuilder(bootId).Append('\n');
        foreach (var group in live)
        {
            text.Append(StepWatchdog.StartedLine(group)).Append('\n');
        }

        var temporary = path + ".new";
        try
        {
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, path, overwrite: true);

            // Unbuffered: each line is one write, in the file as soon as the call returns.
            appender = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A clean exit: the file goes.</summary>
    public void Dispose()
    {
        appender?.Dispose();
        appender = null;
        TryDelete(path);
    }

    /// <summary>The groups a ledger lists as live, or null when it is from another boot (or unreadable).</summary>
    public static async Task<IReadOnlyCollection<StepGroup>?> ReadAsync(string file, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var boot = ProcStat.BootId();
        if (lines.Length == 0 || boot.Length == 0 || lines[0] != boot)
        {
            return null;
        }

        var live = new Dictionary<int, StepGroup>();
        foreach (var line in lines.Skip(1))
        {
            StepWatchdog.Apply(line, live);
        }

        return live.Values;
    }

    /// <summary>
    /// Kills the groups listed by agents of this data directory that are gone (on this boot, still the same processes by
    /// start time) and deletes their files; the live agents' files stay.
    /// </summary>
    public static async Task<WatchdogResult> ReapLeftoversAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var directory = Folder(dataDirectory);
        if (!Directory.Exists(directory))
        {
            return new WatchdogResult(false, 0, 0);
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*" + Extension).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new WatchdogResult(false, 0, 0);
        }

        int groups = 0, processes = 0;
        foreach (var file in files)
        {
            if (IsAlive(Path.GetFileNameWithoutExtension(file)))
            {
                continue;
            }

            foreach (var group in await ReadAsync(file, cancellationToken) ?? [])
            {
                var killed = await StepGroupKiller.KillAsync(group, cancellationToken);
                processes += killed;
                groups += killed > 0 ? 1 : 0;
            }

            TryDelete(file);
            TryDelete(file + ".new");
        }

        return new WatchdogResult(true, groups, processes);
    }

    private static string Folder(string dataDirectory) => Path.Combine(dataDirectory, "step-groups");

    /// <summary>The agent named by <c>{pid}-{start time}</c> still runs.</summary>
    private static bool IsAlive(string owner)
    {
        var dash = owner.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && int.TryParse(owner[..dash], CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(owner[(dash + 1)..], CultureInfo.InvariantCulture, out var start)
            && ProcStat.Read(pid) is { IsLive: true } agent && agent.StartTime == start;
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
