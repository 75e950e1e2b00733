using Sluice.Core.Pipelines;

namespace Sluice.Core.Planning;

/// <summary>
/// Expands a matrix into its combinations with GitHub's rules: the cartesian product of the axes in written
/// order; then every <c>exclude</c> entry removes the combinations it matches; then each <c>include</c> entry
/// is added to every combination whose original axis values it does not overwrite, or, when it fits none,
/// becomes a combination of its own.
/// </summary>
public static class MatrixExpander
{
    /// <summary>The largest number of instances one matrix may produce (a validation error beyond it).</summary>
    public const int MaxInstances = 256;

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(MatrixDefinition matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var product = new List<Dictionary<string, string>>();
        if (matrix.Axes.Count > 0 && matrix.Axes.All(a => a.Values.Count > 0))
        {
            product.Add([]);
            foreach (var axis in matrix.Axes)
            {
                product = product.SelectMany(combo => axis.Values.Select(v => new Dictionary<string, string>(combo) { [axis.Name] = v })).ToList();
                if (product.Count > MaxInstances * 16)
                {
                    break; // Already far over the limit; the size check reports it.
                }
            }
        }

        product.RemoveAll(combo => matrix.Exclude.Any(ex => ex.All(kv => combo.TryGetValue(kv.Key, out var v) && v == kv.Value)));
        var axisNames = matrix.Axes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var originals = product.Select(c => new Dictionary<string, string>(c)).ToList();
        var result = product;
        foreach (var include in matrix.Include)
        {
            var added = false;
            for (var i = 0; i < result.Count && i < originals.Count; i++)
            {
                var original = originals[i];
                var overwrites = include.Any(kv => axisNames.Contains(kv.Key) && original.TryGetValue(kv.Key, out var v) && v != kv.Value);
                if (!overwrites)
                {
                    foreach (var (k, v) in include)
                    {
                        result[i][k] = v;
                    }

                    added = true;
                }
            }

            if (!added)
            {
                result.Add(new Dictionary<string, string>(include));
            }
        }

        return result;
    }

    /// <summary>The instance count without building the dictionaries when the product alone is too big.</summary>
    public static long CountUpperBound(MatrixDefinition matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        long count = matrix.Axes.Count == 0 ? 0 : 1;
        foreach (var axis in matrix.Axes)
        {
            count = Math.Min(count * axis.Values.Count, int.MaxValue);
        }

        return count + matrix.Include.Count;
    }
}
