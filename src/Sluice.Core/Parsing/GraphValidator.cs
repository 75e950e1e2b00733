using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Job graph checks: unknown needs, self-needs and cycles (reported with the cycle's path).</summary>
internal static class GraphValidator
{
    public static void Validate(ParseContext context, IReadOnlyList<JobDefinition> jobs, IReadOnlyDictionary<string, List<(string Need, YamlScalar Node)>> needNodes)
    {
        var ids = jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var valid = new List<string>();
            foreach (var (need, node) in needNodes[job.Id])
            {
                if (!ids.Contains(need))
                {
                    var suggestion = Suggestions.DidYouMean(need, ids);
                    context.Error(DiagnosticCodes.UnknownNeeds, node, $"job `{job.Id}` needs `{need}`, which does not exist",
                        suggestion is not null ? $"did you mean `{suggestion}`?" : $"jobs: {string.Join(", ", ids.Order(StringComparer.Ordinal))}");
                }
                else if (valid.Contains(need))
                {
                    context.Warning(DiagnosticCodes.DuplicateKey, node, $"job `{job.Id}` lists `{need}` twice in `needs`");
                }
                else
                {
                    valid.Add(need);
                }
            }

            edges[job.Id] = valid;
        }

        ReportCycles(context, jobs, edges, needNodes);
    }

    private static void ReportCycles(ParseContext context, IReadOnlyList<JobDefinition> jobs, Dictionary<string, List<string>> edges,
        IReadOnlyDictionary<string, List<(string Need, YamlScalar Node)>> needNodes)
    {
        // Iterative DFS (no recursion: a 10,000-job chain must not overflow the stack). Each cycle is reported
        // once, at the `needs` entry that closes it, as `a -> b -> a`.
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 0 new, 1 on stack, 2 done
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in jobs.Select(j => j.Id))
        {
            if (state.GetValueOrDefault(start) != 0)
            {
                continue;
            }

            var path = new List<string>();
            var stack = new Stack<(string Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var children = edges[node];
                if (next < children.Count)
                {
                    stack.Push((node, next + 1));
                    var child = children[next];
                    switch (state.GetValueOrDefault(child))
                    {
                        case 0:
                            state[child] = 1;
                            path.Add(child);
                            stack.Push((child, 0));
                            break;
                        case 1:
                            var cycle = path.Skip(path.IndexOf(child)).Append(child).ToList();
                            var key = string.Join(">", cycle.Skip(1).Order(StringComparer.Ordinal));
                            if (reported.Add(key))
                            {
                                var at = needNodes[node].First(n => n.Need == child).Node;
                                // Print the cycle in dependency order: `build -> test -> build` means build needs test...
                                context.Error(DiagnosticCodes.Cycle, at, $"dependency cycle: {string.Join(" -> ", cycle)}",
                                    "remove one of these `needs` entries");
                            }

                            break;
                    }
                }
                else
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }
}
