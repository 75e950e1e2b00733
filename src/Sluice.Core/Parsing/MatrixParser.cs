using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses <c>matrix:</c>: axes plus <c>include</c>, <c>exclude</c>, <c>fail-fast</c>, <c>max-parallel</c>.</summary>
internal sealed class MatrixParser(ParseContext context)
{
    public MatrixDefinition? Parse(YamlNode node)
    {
        if (context.Mapping(node, "`matrix`") is not { } m)
        {
            return null;
        }

        var axes = new List<MatrixAxis>();
        var include = new List<IReadOnlyDictionary<string, string>>();
        var exclude = new List<IReadOnlyDictionary<string, string>>();
        var failFast = true;
        int? maxParallel = null;
        foreach (var (key, value) in m.Entries)
        {
            switch (key.Value)
            {
                case "include":
                    include.AddRange(Combinations(value, "`matrix.include`"));
                    break;
                case "exclude":
                    exclude.AddRange(Combinations(value, "`matrix.exclude`"));
                    break;
                case "fail-fast":
                    failFast = context.Bool(value, "`matrix.fail-fast`") ?? true;
                    break;
                case "max-parallel":
                    maxParallel = context.Int(value, "`matrix.max-parallel`", 1, 1000);
                    break;
                default:
                    if (value is not YamlSequence values)
                    {
                        context.Error(DiagnosticCodes.InvalidMatrix, value, $"matrix axis `{key.Value}` must be a list of values",
                            $"e.g. `{key.Value}: [a, b]`");
                        continue;
                    }

                    var list = new List<string>();
                    foreach (var item in values.Items)
                    {
                        if (item is YamlScalar s)
                        {
                            list.Add(s.Value);
                        }
                        else
                        {
                            context.Error(DiagnosticCodes.InvalidMatrix, item, $"values of matrix axis `{key.Value}` must be scalars, not {item.Kind}");
                        }
                    }

                    if (list.Count == 0)
                    {
                        context.Error(DiagnosticCodes.InvalidMatrix, value, $"matrix axis `{key.Value}` has no values");
                    }

                    axes.Add(new MatrixAxis(key.Value, list));
                    break;
            }
        }

        var axisNames = axes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in exclude)
        {
            foreach (var unknown in entry.Keys.Where(k => !axisNames.Contains(k)))
            {
                context.Error(DiagnosticCodes.InvalidMatrix, m.GetKey("exclude")!, $"`matrix.exclude` names `{unknown}`, which is not an axis",
                    axisNames.Count > 0 ? $"axes: {string.Join(", ", axisNames)}" : null);
            }
        }

        var matrix = new MatrixDefinition(axes, include, exclude, failFast, maxParallel);
        if (m.Entries.All(e => e.Key.Value is "fail-fast" or "max-parallel"))
        {
            context.Error(DiagnosticCodes.InvalidMatrix, node, "`matrix` has no axes and no `include`", "e.g. `python: ['3.8', '3.12']`");
        }
        else if (MatrixExpander.CountUpperBound(matrix) > MatrixExpander.MaxInstances && MatrixExpander.Expand(matrix).Count > MatrixExpander.MaxInstances)
        {
            context.Error(DiagnosticCodes.MatrixTooLarge, node,
                $"matrix expands to more than {MatrixExpander.MaxInstances} jobs ({MatrixExpander.CountUpperBound(matrix)} before exclusions)",
                "reduce the axes or use `exclude`");
        }

        return matrix;
    }

    private List<IReadOnlyDictionary<string, string>> Combinations(YamlNode node, string what)
    {
        var result = new List<IReadOnlyDictionary<string, string>>();
        if (node is not YamlSequence seq)
        {
            context.Error(DiagnosticCodes.InvalidMatrix, node, $"{what} must be a list of mappings");
            return result;
        }

        foreach (var item in seq.Items)
        {
            if (item is YamlMapping entry && entry.Entries.Count > 0)
            {
                result.Add(context.StringMap(entry, what));
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidMatrix, item, $"each entry of {what} must be a non-empty mapping such as `{{ os: linux }}`");
            }
        }

        return result;
    }
}
