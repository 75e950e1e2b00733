using Sluice.Core.Planning;

namespace Sluice.Cli.Terminal;

/// <summary><c>--job</c>: keeps the named jobs (by id, so every matrix instance, or by key) and, transitively, the jobs they need.</summary>
internal static class JobSelection
{
    public static (PipelinePlan Plan, IReadOnlyList<string> Unknown) Select(PipelinePlan plan, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return (plan, []);
        }

        var byKey = plan.Jobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(plan.Jobs.Where(j => names.Contains(j.JobId) || names.Contains(j.Key)).Select(j => j.Key));
        while (pending.Count > 0)
        {
            var key = pending.Pop();
            if (keep.Add(key))
            {
                foreach (var need in byKey[key].Needs)
                {
                    pending.Push(need);
                }
            }
        }

        var unknown = names.Where(n => plan.Jobs.All(j => j.JobId != n && j.Key != n)).ToList();
        return (plan with { Jobs = plan.Jobs.Where(j => keep.Contains(j.Key)).ToList(), Skipped = [] }, unknown);
    }
}
