using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

/// <summary>Builds evaluation contexts from JSON so tests read like the data they describe.</summary>
internal static class TestContext
{
    public static ExprValue Json(string json)
    {
        ExprValue.TryParseJson(json, out var value, out var error).ShouldBeTrue(error);
        return value;
    }

    /// <summary>A context whose contexts are the properties of a JSON object: <c>{"matrix": {"os": "linux"}}</c>.</summary>
    public static DictionaryExpressionContext FromJson(string json, JobStatus? status = null, Func<string, bool>? changed = null) =>
        new(Json(json).Properties!, status, changed);

    public static EvaluationResult Eval(string expression, DictionaryExpressionContext? context = null)
    {
        var parsed = ExpressionParser.Parse(expression);
        parsed.Errors.ShouldBeEmpty(string.Join("; ", parsed.Errors));
        return ExpressionEvaluator.Evaluate(parsed.Root!, context ?? Standard);
    }

    /// <summary>Evaluates and insists on success; returns the value as compact JSON for easy comparison.</summary>
    public static string EvalJson(string expression, DictionaryExpressionContext? context = null)
    {
        var result = Eval(expression, context);
        result.Error.ShouldBeNull();
        return result.Value.ToJson();
    }

    public static DictionaryExpressionContext Standard { get; } = FromJson("""
        {
          "env": { "NAME": "World", "EMPTY": "", "COUNT": "3" },
          "matrix": { "os": "linux", "python": 3.12, "flags": ["a", "b"] },
          "inputs": { "version": "1.2.0", "dry-run": true, "zero": 0 },
          "secrets": { "TOKEN": "s3cr3t" },
          "needs": { "build": { "result": "success", "outputs": { "image": "app:1" } } },
          "event": {
            "name": "push",
            "labels": [ { "name": "bug", "id": 1 }, { "name": "ui", "id": 2 }, { "id": 3 } ],
            "teams": { "a": { "members": ["x", "y"] }, "b": { "members": ["z"] } }
          }
        }
        """);
}
