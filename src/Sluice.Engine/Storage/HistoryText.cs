using System.Globalization;
using Sluice.Core.Time;

namespace Sluice.Engine.Storage;

/// <summary>Plain-text rendering of the run history for <c>sluice runs/show/logs</c>; all times relative to a given "now".</summary>
internal static class HistoryText
{
    public static string Name(RunState state) => state.ToString().ToLowerInvariant();

    public static string Name(JobState state) => state.ToString().ToLowerInvariant();

    public static string Name(StepState state) => state switch
    {
        StepState.TimedOut => "timed-out",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Sha7(string? sha) => sha is null ? "-" : sha[..Math.Min(7, sha.Length)];

    /// <summary>Finished minus started; still running counts up to now; never started is "-".</summary>
    public static string Elapsed(DateTimeOffset? startedAt, DateTimeOffset? finishedAt, DateTimeOffset now)
    {
        if (startedAt is not { } start)
        {
            return "-";
        }

        var span = (finishedAt ?? now) - start;
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span < TimeSpan.FromSeconds(1)
            ? Duration.Format(TimeSpan.FromMilliseconds(Math.Floor(span.TotalMilliseconds)))
            : Duration.Format(TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)));
    }

    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span switch
        {
            _ when span < TimeSpan.FromMinutes(1) => Invariant($"{Math.Max(0, (int)span.TotalSeconds)}s ago"),
            _ when span < TimeSpan.FromHours(1) => Invariant($"{(int)span.TotalMinutes}m ago"),
            _ when span < TimeSpan.FromDays(1) => Invariant($"{(int)span.TotalHours}h ago"),
            _ => Invariant($"{(int)span.TotalDays}d ago"),
        };
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => Invariant($"{bytes} B"),
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => Invariant($"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => Invariant($"{bytes / (1024.0 * 1024 * 1024):0.#} GiB"),
    };

    public static IReadOnlyList<string> RunsHeaders { get; } = ["ID", "PIPELINE", "EVENT", "BRANCH", "SHA", "STATE", "DURATION", "AGE"];

    /// <summary>The cells of <see cref="RunsHeaders"/> for each run; the STATE cell is <see cref="Name(RunState)"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> RunsRows(IReadOnlyList<RunRecord> runs, DateTimeOffset now) =>
        runs.Select(r => (IReadOnlyList<string>)
        [
            Invariant($"{r.Id}"), r.PipelineId, r.EventKind, r.Branch ?? "-", Sha7(r.Sha), Name(r.State),
            Elapsed(r.StartedAt, r.FinishedAt, now), Age(r.CreatedAt, now),
        ]).ToList();

    public static IEnumerable<string> RunsTable(IReadOnlyList<RunRecord> runs, DateTimeOffset now) =>
        TextTable.Render(RunsHeaders, RunsRows(runs, now));

    public static IEnumerable<string> LogLine(LogLine line, string? jobPrefix) =>
        line.Text.Split('\n').Select(text => jobPrefix is null ? text : $"{jobPrefix} | {text}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
