namespace Sluice.Core.Expressions;

/// <summary>The built-in functions. Names are matched case-insensitively.</summary>
internal static class FunctionCatalog
{
    public static readonly IReadOnlyList<FunctionInfo> All =
    [
        new("contains", 2, 2, "contains(search, item)"),
        new("startsWith", 2, 2, "startsWith(text, prefix)"),
        new("endsWith", 2, 2, "endsWith(text, suffix)"),
        new("format", 1, int.MaxValue, "format('{0} and {1}', value0, value1)"),
        new("join", 1, 2, "join(array, separator = ',')"),
        new("toJSON", 1, 1, "toJSON(value)"),
        new("fromJSON", 1, 1, "fromJSON(text)"),
        new("success", 0, 0, "success()", IsStatus: true),
        new("failure", 0, 0, "failure()", IsStatus: true),
        new("always", 0, 0, "always()", IsStatus: true),
        new("cancelled", 0, 0, "cancelled()", IsStatus: true),
        new("changed", 1, 1, "changed('glob')"),
    ];

    private static readonly Dictionary<string, FunctionInfo> ByName = All.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static FunctionInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>True when a status function is called anywhere in the tree (GitHub's rule for the implicit <c>success() &amp;&amp;</c>).</summary>
    public static bool UsesStatusFunction(Expr node) => node switch
    {
        FunctionCallExpr call => Find(call.Name) is { IsStatus: true } || call.Arguments.Any(UsesStatusFunction),
        BinaryExpr binary => UsesStatusFunction(binary.Left) || UsesStatusFunction(binary.Right),
        NotExpr not => UsesStatusFunction(not.Operand),
        PropertyExpr property => UsesStatusFunction(property.Target),
        IndexExpr index => UsesStatusFunction(index.Target) || UsesStatusFunction(index.Index),
        WildcardExpr wildcard => UsesStatusFunction(wildcard.Target),
        _ => false,
    };
}
