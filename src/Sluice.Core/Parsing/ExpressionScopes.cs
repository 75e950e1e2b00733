using Sluice.Core.Expressions;

namespace Sluice.Core.Parsing;

/// <summary>
/// Which contexts each kind of field may read. Secrets are readable only where a value goes to a process
/// (env and run), never in conditions, names, outputs or keys that end up in logs and the database.
/// </summary>
internal static class ExpressionScopes
{
    private static readonly string[] Static = ["event", "inputs", "vars", "run"];

    public static readonly ExpressionScope PipelineLevel = Make(false, Static);

    public static readonly ExpressionScope JobCondition = Make(true, [.. Static, "needs", "matrix", "env"]);

    public static readonly ExpressionScope JobField = Make(false, [.. Static, "needs", "matrix", "env"]);

    public static readonly ExpressionScope JobEnv = Make(false, [.. Static, "needs", "matrix", "env", "secrets"]);

    public static readonly ExpressionScope StepCondition = Make(true, [.. Static, "needs", "matrix", "env", "steps", "job"]);

    public static readonly ExpressionScope StepField = Make(false, [.. Static, "needs", "matrix", "env", "steps", "job"]);

    public static readonly ExpressionScope StepCommand = Make(false, [.. Static, "needs", "matrix", "env", "steps", "job", "secrets"]);

    public static readonly ExpressionScope Outputs = Make(false, [.. Static, "needs", "matrix", "env", "steps", "job"]);

    private static ExpressionScope Make(bool status, string[] contexts) =>
        new(new HashSet<string>(contexts, StringComparer.Ordinal), status);
}
