using System.Globalization;

namespace Sluice.Server.Tests.Cluster;

/// <summary>What a job's marker file says: the nanosecond times of each <c>start</c> and <c>end</c> line, in order.</summary>
internal sealed record JobMarks(IReadOnlyList<long> Starts, IReadOnlyList<long> Ends)
{
    public static JobMarks Read(string file)
    {
        List<long> starts = [];
        List<long> ends = [];
        foreach (var line in File.Exists(file) ? File.ReadAllLines(file) : [])
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = long.Parse(parts[2], CultureInfo.InvariantCulture);
            (parts[0] == "start" ? starts : ends).Add(at);
        }

        return new JobMarks(starts, ends);
    }

    /// <summary>The start of the execution that completed (the last one: a killed attempt's start comes before it).</summary>
    public long LastStart => Starts[^1];

    public long End => Ends.Single();
}
