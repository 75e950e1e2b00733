using Sluice.Core.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>Builds expression values from plain dictionaries.</summary>
internal static class ExprValues
{
    public static ExprValue Strings(IReadOnlyDictionary<string, string> values) =>
        ExprValue.FromObject(values.ToDictionary(kv => kv.Key, kv => ExprValue.FromString(kv.Value), StringComparer.Ordinal));

    public static ExprValue Object(params (string Name, ExprValue Value)[] properties) =>
        ExprValue.FromObject(properties.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    public static ExprValue StringOrNull(string? value) => value is null ? ExprValue.Null : ExprValue.FromString(value);
}
