using Sluice.Engine.Storage;

namespace Sluice.Cli.Terminal;

/// <summary>What the live view shows for one job: state, when it started and ended, its latest output line.</summary>
internal sealed class LiveJobRow(string key)
{
    public string Key { get; } = key;

    public JobState State { get; set; } = JobState.Pending;

    public bool Reused { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string LastLine { get; set; } = "";

    public int Attempt { get; set; }
}
