namespace Sluice.Core.Expressions;

/// <summary>
/// Static checks of a parsed expression against where it appears: unknown contexts (SL1302), unknown
/// functions and wrong argument counts (SL1303), and contexts or status functions not allowed here (SL1304).
/// Also lists the contexts and functions used (the pipeline validator checks <c>changed()</c> globs from
/// <see cref="FunctionUse.LiteralArguments"/>).
/// </summary>
public static class ExpressionChecker
{
    public static readonly IReadOnlySet<string> AllContexts = new HashSet<string> { "event", "env", "matrix", "inputs", "needs", "secrets", "vars", "steps", "job", "run" };

    /// <summary>The contexts in the order hints list them.</summary>
    internal static readonly IReadOnlyList<string> ContextOrder = ["event", "env", "inputs", "matrix", "needs", "steps", "job", "run", "vars", "secrets"];

    public static CheckResult Check(Expr root, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(scope);
        return new ExpressionCheckWalker(scope).Run(root);
    }

    /// <summary>The lowercase name of a known context written in any case, or null when unknown.</summary>
    internal static string? CanonicalContext(string name)
    {
        foreach (var context in ContextOrder)
        {
            if (string.Equals(context, name, StringComparison.OrdinalIgnoreCase))
            {
                return context;
            }
        }

        return null;
    }
}
