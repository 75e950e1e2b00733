using System.Globalization;
using System.Text;

namespace Sluice.Bench.RunDag;

/// <summary>
/// A seeded random DAG: job i needs up to three earlier jobs, drawn mostly from a few "hub" jobs (fan-out)
/// and from recent jobs (fan-in), so the graph has both wide and deep parts.
/// </summary>
internal sealed class RandomDag
{
    private RandomDag(IReadOnlyList<IReadOnlyList<int>> needs) => Needs = needs;

    public IReadOnlyList<IReadOnlyList<int>> Needs { get; }

    public int Count => Needs.Count;

    public int Edges => Needs.Sum(n => n.Count);

    public static RandomDag Generate(int count, int seed)
    {
        var random = new Random(seed);
        var needs = new List<IReadOnlyList<int>>();
        for (var i = 0; i < count; i++)
        {
            var chosen = new SortedSet<int>();
            var wanted = i == 0 ? 0 : random.Next(0, 4);
            for (var k = 0; k < wanted; k++)
            {
                var hub = random.NextDouble() < 0.4;
                chosen.Add(hub ? random.Next(0, Math.Min(i, 8)) : Math.Max(0, i - 1 - random.Next(0, Math.Min(i, 12))));
            }

            needs.Add([.. chosen]);
        }

        return new RandomDag(needs);
    }

    public static string Name(int index) => "j" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same graph as a Makefile: one phony target per job running <c>true</c>.</summary>
    /// <param name="bash">Run each recipe through <c>bash -eo pipefail -c</c> as Sluice runs steps that are more than one plain command, instead of make's exec-directly fast path (which Sluice has too).</param>
    public string ToMakefile(bool bash = false)
    {
        var text = new StringBuilder();
        if (bash)
        {
            text.Append("SHELL := /bin/bash\n.SHELLFLAGS := --noprofile --norc -eo pipefail -c\n");
        }

        text.Append(".PHONY: all");
        for (var i = 0; i < Count; i++)
        {
            text.Append(' ').Append(Name(i));
        }

        text.Append("\nall:");
        for (var i = 0; i < Count; i++)
        {
            text.Append(' ').Append(Name(i));
        }

        text.Append('\n');
        for (var i = 0; i < Count; i++)
        {
            text.Append(Name(i)).Append(':');
            foreach (var need in Needs[i])
            {
                text.Append(' ').Append(Name(need));
            }

            text.Append("\n\t@true\n");
        }

        return text.ToString();
    }
}
