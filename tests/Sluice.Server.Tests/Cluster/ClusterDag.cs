using System.Globalization;
using System.Text;

namespace Sluice.Server.Tests.Cluster;

/// <summary>
/// A seeded random DAG of jobs for one pipeline: job <c>i</c> needs up to three of the few jobs before it (chains when
/// it takes its predecessor, fan-ins when it takes several, fan-outs when several take the same one). Each job's step
/// appends <c>start KEY NS</c> and <c>end KEY NS</c> (<c>date +%s%N</c>) to its own file in <paramref name="Marks"/>,
/// so executions are counted on disk, not inferred from the database.
/// </summary>
internal sealed record ClusterDag(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Needs, string Marks, string? SlowJob)
{
    /// <param name="width">Jobs per layer: each job needs one to three of the layer before (and sometimes one of the
    /// layer before that), so the longest chain is <c>jobs / width</c> long.</param>
    public static ClusterDag Generate(string name, int jobs, int width, int seed, string marks, bool slowRoot = false)
    {
        var random = new Random(seed);
        var needs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < jobs; i++)
        {
            var layer = i / width;
            var chosen = new SortedSet<int>();
            if (layer > 0)
            {
                var count = random.Next(1, 4);
                for (var n = 0; n < count; n++)
                {
                    chosen.Add(((layer - 1) * width) + random.Next(width));
                }

                if (layer > 1 && random.NextDouble() < 0.2)
                {
                    chosen.Add(((layer - 2) * width) + random.Next(width));
                }
            }

            needs[Key(name, i)] = chosen.Select(n => Key(name, n)).ToList();
        }

        return new ClusterDag(name, needs, marks, slowRoot ? Key(name, 0) : null);
    }

    /// <summary>The file whose existence tells the slow job that its first attempt was killed: a re-leased attempt sleeps 1 s, not 60.</summary>
    public string? KilledFlag => SlowJob is null ? null : Path.Combine(Marks, SlowJob + ".killed");

    public static string Key(string name, int index) => $"{name}_j{index.ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>The longest chain of needs (jobs on it run one after another).</summary>
    public int Depth
    {
        get
        {
            var depth = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, needs) in Needs)
            {
                depth[key] = 1 + needs.Select(n => depth[n]).DefaultIfEmpty(0).Max();
            }

            return depth.Values.Max();
        }
    }

    public int FanIns => Needs.Values.Count(n => n.Count > 1);

    public int FanOuts => Needs.Values.SelectMany(n => n).GroupBy(n => n).Count(g => g.Count() > 1);

    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: {Name}\non: [manual]\njobs:\n");
        foreach (var (key, needs) in Needs)
        {
            var file = Path.Combine(Marks, key);
            yaml.Append(CultureInfo.InvariantCulture, $"  {key}:\n");
            if (needs.Count > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    needs: [{string.Join(", ", needs)}]\n");
            }

            var sleep = key == SlowJob ? $"if [ -f '{KilledFlag}' ]; then sleep 1; else sleep 60; fi; " : "";
            yaml.Append(CultureInfo.InvariantCulture, $"    run: echo \"start {key} $(date +%s%N)\" >> '{file}'; {sleep}echo \"end {key} $(date +%s%N)\" >> '{file}'\n");
        }

        return yaml.ToString();
    }
}
