namespace Sluice.Engine.Tests.Scheduling;

/// <summary>Questions about time intervals (nanosecond timestamps written by steps).</summary>
internal static class Timeline
{
    public static int MaxConcurrent(IEnumerable<(long Start, long End)> intervals)
    {
        var points = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(p => p.At).ThenBy(p => p.Delta);
        int current = 0, max = 0;
        foreach (var point in points)
        {
            current += point.Delta;
            max = Math.Max(max, current);
        }

        return max;
    }

    public static bool Overlap((long Start, long End) a, (long Start, long End) b) => a.Start < b.End && b.Start < a.End;
}
