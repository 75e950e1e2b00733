using Sluice.Core.Diagnostics;

namespace Sluice.Core.Expressions;

/// <summary>One walk of <see cref="ExpressionChecker.Check"/> over a tree, collecting errors and uses.</summary>
internal sealed class ExpressionCheckWalker(ExpressionScope scope)
{
    // Trees from the parser are at most ExpressionParser.MaxDepth deep; this guards hand-built ones.
    private const int MaxDepth = 1000;

    private readonly List<ExpressionError> errors = [];
    private readonly List<ContextReference> references = [];
    private readonly List<FunctionUse> functions = [];
    private int depth;

    public CheckResult Run(Expr root)
    {
        Walk(root);
        return new CheckResult(errors, references, functions);
    }

    private void Walk(Expr node)
    {
        if (++depth > MaxDepth)
        {
            if (depth == MaxDepth + 1)
            {
                errors.Add(new ExpressionError(DiagnosticCodes.ExpressionSyntax, $"expression nests deeper than {MaxDepth} levels", node.Offset));
            }

            depth--;
            return;
        }

        switch (node)
        {
            case ContextExpr context:
                UseContext(context, null);
                break;
            case PropertyExpr property when property.Target is ContextExpr propertyContext:
                UseContext(propertyContext, property.Name);
                break;
            case PropertyExpr property:
                Walk(property.Target);
                break;
            case IndexExpr index:
                if (index.Target is ContextExpr indexContext)
                {
                    UseContext(indexContext, index.Index is LiteralExpr literal ? literal.Value.AsString : null);
                }
                else
                {
                    Walk(index.Target);
                }

                Walk(index.Index);
                break;
            case WildcardExpr wildcard when wildcard.Target is ContextExpr wildcardContext:
                UseContext(wildcardContext, null);
                break;
            case WildcardExpr wildcard:
                Walk(wildcard.Target);
                break;
            case NotExpr not:
                Walk(not.Operand);
                break;
            case BinaryExpr binary:
                Walk(binary.Left);
                Walk(binary.Right);
                break;
            case FunctionCallExpr call:
                UseFunction(call);
                foreach (var argument in call.Arguments)
                {
                    Walk(argument);
                }

                break;
        }

        depth--;
    }

    private void UseContext(ContextExpr context, string? name)
    {
        var canonical = ExpressionChecker.CanonicalContext(context.Name);
        if (canonical is null)
        {
            errors.Add(new ExpressionError(DiagnosticCodes.UnknownContext, $"unknown context `{context.Name}`", context.Offset, UnknownContextHint(context.Name)));
            return;
        }

        references.Add(new ContextReference(canonical, name, context.Offset));
        if (!scope.Contexts.Contains(canonical))
        {
            var available = ExpressionChecker.ContextOrder.Where(scope.Contexts.Contains).ToList();
            var hint = available.Count == 0 ? "no contexts are available here" : $"available here: {string.Join(", ", available)}";
            errors.Add(new ExpressionError(DiagnosticCodes.ContextNotAllowed, $"`{canonical}` is not available {Where()}", context.Offset, hint));
        }
    }

    private void UseFunction(FunctionCallExpr call)
    {
        var info = FunctionCatalog.Find(call.Name);
        var literals = call.Arguments.Select(a => a is LiteralExpr literal ? literal.Value.AsString : null).ToList();
        functions.Add(new FunctionUse((info?.Name ?? call.Name).ToLowerInvariant(), literals, call.Offset));
        if (info is null)
        {
            var suggestion = EditDistance.Suggest(call.Name, FunctionCatalog.All.Select(f => f.Name));
            var hint = suggestion is not null
                ? $"did you mean `{suggestion}`?"
                : $"available functions: {string.Join(", ", FunctionCatalog.All.Select(f => f.Name))}";
            errors.Add(new ExpressionError(DiagnosticCodes.UnknownFunction, $"unknown function `{call.Name}`", call.Offset, hint));
            return;
        }

        var count = call.Arguments.Count;
        if (count < info.MinArguments || count > info.MaxArguments)
        {
            errors.Add(new ExpressionError(DiagnosticCodes.UnknownFunction,
                $"`{info.Name}` takes {info.ArityText} but got {count}", call.Offset, $"call it as {info.Signature}"));
            return;
        }

        if (info.IsStatus && !scope.AllowStatusFunctions)
        {
            errors.Add(new ExpressionError(DiagnosticCodes.ContextNotAllowed, $"`{info.Name}()` is not available {Where()}", call.Offset,
                "status functions work only in the `if` of jobs and steps"));
        }
    }

    private string Where() => scope.Where is null ? "here" : $"in {scope.Where}";

    private static string UnknownContextHint(string name)
    {
        if (FunctionCatalog.Find(name) is { } function)
        {
            return $"did you mean `{function.Name}()`? functions need parentheses";
        }

        if (string.Equals(name, "github", StringComparison.OrdinalIgnoreCase))
        {
            return "Sluice has no `github` context; the triggering event is in `event`";
        }

        var suggestion = EditDistance.Suggest(name, ExpressionChecker.ContextOrder);
        return suggestion is not null
            ? $"did you mean `{suggestion}`?"
            : $"valid contexts: {string.Join(", ", ExpressionChecker.ContextOrder)}";
    }
}
