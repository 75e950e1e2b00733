namespace Sluice.Server.Dashboard;

/// <summary>
/// Lays out a run's jobs as a left-to-right DAG: matrix instances of one job share a node; a node's column is one more
/// than the deepest job it needs; within a column nodes are ordered by the average row of what they need (then by
/// creation order), which keeps most edges short and uncrossed for pipeline-sized graphs. Pure: no I/O, no clock.
/// </summary>
internal static class JobGraph
{
    public const double NodeWidth = 220;
    public const double HeaderHeight = 28;
    public const double RowHeight = 24;
    public const double SingleHeight = 46;
    public const double ColumnGap = 64;
    public const double RowGap = 18;
    public const double Padding = 12;

    public static GraphLayout Layout(IReadOnlyList<GraphJob> jobs)
    {
        var byKey = jobs.GroupBy(j => j.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var groups = jobs.GroupBy(j => j.JobId, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var order = groups.Select((g, i) => (g[0].JobId, i)).ToDictionary(x => x.JobId, x => x.i, StringComparer.Ordinal);
        var needs = groups.ToDictionary(
            g => g[0].JobId,
            g => g.SelectMany(j => j.Needs).Where(byKey.ContainsKey).Select(k => byKey[k].JobId).Where(id => id != g[0].JobId).Distinct(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);

        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in order.Keys)
        {
            LayerOf(id, needs, layers, new HashSet<string>(StringComparer.Ordinal));
        }

        var critical = CriticalPath(jobs);
        var rows = new Dictionary<string, double>(StringComparer.Ordinal);
        var placed = new List<GraphGroup>();
        var height = 0.0;
        var columns = layers.Count == 0 ? 0 : layers.Values.Max() + 1;
        for (var layer = 0; layer < columns; layer++)
        {
            var column = groups.Where(g => layers[g[0].JobId] == layer)
                .OrderBy(g => needs[g[0].JobId].Count == 0 ? order[g[0].JobId] : needs[g[0].JobId].Average(n => rows[n]))
                .ThenBy(g => order[g[0].JobId])
                .ToList();
            var y = Padding;
            for (var row = 0; row < column.Count; row++)
            {
                var instances = column[row];
                var id = instances[0].JobId;
                rows[id] = row;
                var group = new GraphGroup(id, Label(instances), instances, layer, Padding + (layer * (NodeWidth + ColumnGap)), y, NodeWidth, 0);
                group = group with { Height = group.IsMatrix ? HeaderHeight + (instances.Count * RowHeight) + 6 : SingleHeight };
                placed.Add(group);
                y += group.Height + RowGap;
            }

            height = Math.Max(height, y - RowGap + Padding);
        }

        var criticalSteps = critical.Zip(critical.Skip(1), (a, b) => (byKey[a].JobId, byKey[b].JobId)).ToHashSet();
        var edges = placed.SelectMany(g => needs[g.JobId].Select(from => new GraphEdge(from, g.JobId, criticalSteps.Contains((from, g.JobId))))).ToList();
        var width = columns == 0 ? 0 : (Padding * 2) + (columns * NodeWidth) + ((columns - 1) * ColumnGap);
        return new GraphLayout(placed, edges, critical, width, height);
    }

    /// <summary>
    /// The chain of instances, following <c>needs</c>, whose summed durations is the longest: the jobs that decided how
    /// long the run took (or is taking: a running job counts its time so far). Empty while nothing has run.
    /// </summary>
    public static IReadOnlyList<string> CriticalPath(IReadOnlyList<GraphJob> jobs)
    {
        var byKey = jobs.GroupBy(j => j.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var best = new Dictionary<string, (TimeSpan Total, string? Previous)>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            Longest(job.Key, byKey, best, new HashSet<string>(StringComparer.Ordinal));
        }

        var end = best.Where(kv => kv.Value.Total > TimeSpan.Zero).OrderByDescending(kv => kv.Value.Total).Select(kv => kv.Key).FirstOrDefault();
        var path = new List<string>();
        for (var key = end; key is not null; key = best[key].Previous)
        {
            path.Add(key);
        }

        path.Reverse();
        return path;
    }

    private static (TimeSpan Total, string? Previous) Longest(string key, Dictionary<string, GraphJob> byKey, Dictionary<string, (TimeSpan, string?)> best, HashSet<string> visiting)
    {
        if (best.TryGetValue(key, out var known))
        {
            return known;
        }

        if (!visiting.Add(key))
        {
            return (TimeSpan.Zero, null);
        }

        var job = byKey[key];
        (TimeSpan Total, string? Previous) result = (TimeSpan.Zero, null);
        foreach (var need in job.Needs.Where(byKey.ContainsKey))
        {
            var (total, _) = Longest(need, byKey, best, visiting);
            if (total > result.Total || result.Previous is null)
            {
                result = (total, need);
            }
        }

        var own = job.Elapsed is { } e && e > TimeSpan.Zero ? e : TimeSpan.Zero;
        result = (result.Total + own, result.Previous is { } p && best.TryGetValue(p, out var previous) && previous.Item1 > TimeSpan.Zero ? p : null);
        visiting.Remove(key);
        best[key] = result;
        return result;
    }

    private static int LayerOf(string id, Dictionary<string, List<string>> needs, Dictionary<string, int> layers, HashSet<string> visiting)
    {
        if (layers.TryGetValue(id, out var known))
        {
            return known;
        }

        // The parser rejects cycles; a cycle here (a corrupt record) is cut rather than looping.
        if (!visiting.Add(id))
        {
            return 0;
        }

        var layer = needs[id].Select(n => LayerOf(n, needs, layers, visiting) + 1).DefaultIfEmpty(0).Max();
        visiting.Remove(id);
        return layers[id] = layer;
    }

    private static string Label(List<GraphJob> instances)
    {
        var name = instances[0].DisplayName;
        var paren = name.IndexOf(" (", StringComparison.Ordinal);
        return instances.Count > 1 || instances[0].Key != instances[0].JobId ? (paren > 0 ? name[..paren] : instances[0].JobId) : name;
    }
}
