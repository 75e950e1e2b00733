namespace Sluice.Core.Expressions;

/// <summary>
/// Where an expression appears: which contexts it may use and whether status functions
/// (<c>success()</c>, <c>failure()</c>, <c>always()</c>, <c>cancelled()</c>) are allowed.
/// </summary>
public sealed record ExpressionScope(IReadOnlySet<string> Contexts, bool AllowStatusFunctions)
{
    /// <summary>
    /// Names the place in messages, e.g. "`if`" gives "`secrets` is not available in `if`".
    /// Null gives "... is not available here".
    /// </summary>
    public string? Where { get; init; }

    /// <summary>Every context and the status functions.</summary>
    public static ExpressionScope Unrestricted { get; } = new(ExpressionChecker.AllContexts, true);
}
