using System.Globalization;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Terminal;

/// <summary>Words and numbers shared by the run views.</summary>
internal static class RunText
{
    public static string State(JobResult result) => result.Reused ? "reused" : State(result.State);

    public static string State(JobState state) => state.ToString().ToLowerInvariant();

    public static string Symbol(JobState state) => state switch
    {
        JobState.Succeeded => "✓",
        JobState.Failed => "✗",
        JobState.Cancelled => "⊘",
        JobState.Skipped => "-",
        JobState.Running => "▶",
        _ => "·",
    };

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalSeconds: < 60 } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        { TotalHours: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m{d.Seconds:00}s"),
        var d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.Value.TotalHours}h{d.Value.Minutes:00}m"),
    };
}
