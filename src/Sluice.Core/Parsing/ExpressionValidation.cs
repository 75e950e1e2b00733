using Sluice.Core.Diagnostics;
using Sluice.Core.Expressions;
using Sluice.Core.Globs;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>
/// Checks the <c>${{ }}</c> expressions of one scalar at parse time, so unknown contexts, functions and
/// malformed expressions are validation errors, not runtime surprises. Context references are collected
/// for the name checks that need the whole job (declared secrets, needs, matrix keys, inputs).
/// </summary>
internal sealed class ExpressionValidation(ParseContext context)
{
    /// <summary>Validates every expression embedded in a string value.</summary>
    public void Template(YamlScalar scalar, string field, ExpressionScope scope, List<LocatedReference> sink)
    {
        if (!Expressions.Template.ContainsExpression(scalar.Value))
        {
            return;
        }

        var template = context.ParsedTemplate(scalar.Value);
        Report(scalar, 0, template.Errors);
        for (var i = 0; i < template.Segments.Count; i++)
        {
            var segment = template.Segments[i];
            if (segment.IsExpression)
            {
                Check(scalar, segment.Text, segment.Offset, field, scope, sink);
            }
        }
    }

    /// <summary>
    /// Validates a condition written bare (<c>github == 1</c>) or wrapped whole in <c>${{ }}</c>.
    /// Returns the check result (null when it does not parse).
    /// </summary>
    public CheckResult? Condition(YamlScalar scalar, string field, ExpressionScope scope, List<LocatedReference> sink)
    {
        var (text, offset) = Unwrap(scalar.Value);
        if (text is null)
        {
            context.Error(DiagnosticCodes.ExpressionSyntax, scalar, $"{field} must be a single expression",
                "write the condition bare (`event.branch == 'main'`) or wrap all of it in `${{ }}`");
            return null;
        }

        return Check(scalar, text, offset, field, scope, sink);
    }

    /// <summary>Strips one whole-value <c>${{ }}</c> wrapper; null when the value mixes text and expressions.</summary>
    public static (string? Text, int Offset) Unwrap(string value)
    {
        var trimmed = value.Trim();
        var lead = value.Length - value.TrimStart().Length;
        if (!trimmed.Contains("${{", StringComparison.Ordinal))
        {
            return (value, 0);
        }

        if (trimmed.StartsWith("${{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)
            && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
        {
            return (trimmed[3..^2], lead + 3);
        }

        return (null, 0);
    }

    private CheckResult? Check(YamlScalar scalar, string text, int offset, string field, ExpressionScope scope, List<LocatedReference> sink)
    {
        var (parsed, result) = context.CheckedExpression(text, scope);
        Report(scalar, offset, parsed.Errors);
        if (result is null)
        {
            return null;
        }

        Report(scalar, offset, result.Errors, field);
        for (var i = 0; i < result.References.Count; i++)
        {
            var reference = result.References[i];
            sink.Add(new LocatedReference(reference, context.PositionIn(scalar, offset + reference.Offset), field));
        }

        for (var i = 0; i < result.Functions.Count; i++)
        {
            var use = result.Functions[i];
            if (use.Name != "changed")
            {
                continue;
            }

            foreach (var pattern in use.LiteralArguments.OfType<string>())
            {
                if (!Glob.TryParse(pattern, out _, out var error))
                {
                    context.Error(DiagnosticCodes.InvalidGlob, context.PositionIn(scalar, offset + use.Offset),
                        $"invalid glob `{pattern}` in changed(): {error}");
                }
            }
        }

        return result;
    }

    private void Report(YamlScalar scalar, int offset, IReadOnlyList<ExpressionError> errors, string? field = null)
    {
        for (var i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            var message = field is null || error.Code == DiagnosticCodes.ExpressionSyntax ? error.Message : $"{error.Message} (in {field})";
            context.Error(error.Code, context.PositionIn(scalar, offset + error.Offset), message, error.Hint);
        }
    }
}
