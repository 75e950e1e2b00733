using System.Globalization;
using System.Text;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// An agent's list of its live step groups, in <c>step-groups/{pid}-{start time}.groups</c> under its data directory,
/// rewritten (a new file renamed over the old) whenever a group starts or ends and deleted on a clean exit. If the agent
/// and its watchdog both die (the whole process tree SIGKILLed, the OOM killer), the next agent started on the same data
/// directory kills what they left (<see cref="ReapLeftoversAsync"/>). The name tells the owner: a file whose agent is alive
/// (same pid and start time) is left alone, since several agents may share a data directory. The first line is the
/// kernel's boot id: after a reboot nothing listed can be alive, and pids and start times mean nothing.
/// </summary>
internal sealed class StepGroupLedger
{
    private const string Extension = ".groups";

    private readonly string path;
    private readonly string bootId = ProcStat.BootId();

    public StepGroupLedger(string dataDirectory)
    {
        var directory = Folder(dataDirectory);
        Directory.CreateDirectory(directory);
        var self = ProcStat.Read(Environment.ProcessId);
        path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{self?.StartTime ?? 0}{Extension}"));
    }

    public string FilePath => path;

    /// <summary>Replaces the list; false when the file could not be written (the watchdog still covers a dead agent).</summary>
    public bool Write(IEnumerable<StepGroup> live)
    {
        var text = new StringBuilder(bootId).Append('\n');
        foreach (var group in live)
        {
            text.Append(CultureInfo.InvariantCulture, $"{group.Id} {group.StartTime}\n");
        }

        var temporary = path + ".new";
        try
        {
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Delete() => TryDelete(path);

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

        var boot = ProcStat.BootId();
        int groups = 0, processes = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension).ToList())
        {
            if (IsAlive(Path.GetFileNameWithoutExtension(file)))
            {
                continue;
            }

            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(file, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Another agent starting at the same moment took it.
            }

            if (lines.Length > 0 && lines[0] == boot && boot.Length > 0)
            {
                foreach (var group in lines.Skip(1).Select(Parse).OfType<StepGroup>())
                {
                    var killed = await StepGroupKiller.KillAsync(group, cancellationToken);
                    processes += killed;
                    groups += killed > 0 ? 1 : 0;
                }
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

    private static StepGroup? Parse(string line)
    {
        var parts = line.Split(' ');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start)
            ? new StepGroup(id, start)
            : null;
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
