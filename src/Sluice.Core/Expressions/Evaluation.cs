namespace Sluice.Core.Expressions;

/// <summary>
/// One evaluation of a tree. Runtime problems are recorded in <see cref="Error"/> (the first one wins and
/// stops the evaluation) instead of being thrown. Values produced by the <c>*</c> filter travel with a
/// "filtered" flag so that later accesses apply to every item.
/// </summary>
internal sealed class Evaluation(IExpressionContext context)
{
    // Trees from the parser are at most ExpressionParser.MaxDepth deep; this guards hand-built ones.
    private const int MaxDepth = 1000;

    private int depth;

    public string? Error { get; private set; }

    public ExprValue Run(Expr root)
    {
        var value = Eval(root).Value;
        return Error is null ? value : ExprValue.Null;
    }

    private (ExprValue Value, bool Filtered) Eval(Expr node)
    {
        if (Error is not null)
        {
            return (ExprValue.Null, false);
        }

        if (++depth > MaxDepth)
        {
            Fail($"expression nests deeper than {MaxDepth} levels");
            depth--;
            return (ExprValue.Null, false);
        }

        var result = node switch
        {
            LiteralExpr literal => (literal.Value, false),
            ContextExpr named => (LookUpContext(named.Name), false),
            PropertyExpr property => Access(Eval(property.Target), item => item.TryGetProperty(property.Name, out var value) ? value : null),
            IndexExpr index => EvalIndex(index),
            WildcardExpr wildcard => (Expand(Eval(wildcard.Target)), true),
            NotExpr not => (ExprValue.FromBoolean(!Eval(not.Operand).Value.IsTruthy), false),
            BinaryExpr binary => (EvalBinary(binary), false),
            FunctionCallExpr call => (Call(call), false),
            _ => (ExprValue.Null, false),
        };
        depth--;
        return result;
    }

    private ExprValue LookUpContext(string name)
    {
        var canonical = ExpressionChecker.CanonicalContext(name) ?? name;
        return context.TryGetContext(canonical, out var value) ? value ?? ExprValue.Null : ExprValue.Null;
    }

    private (ExprValue, bool) EvalIndex(IndexExpr index)
    {
        var target = Eval(index.Target);
        var key = Eval(index.Index).Value;
        return Access(target, item => Lookup(item, key));
    }

    /// <summary>Applies an access to a value, or to every item of a filtered array (dropping items without it).</summary>
    private static (ExprValue, bool) Access((ExprValue Value, bool Filtered) target, Func<ExprValue, ExprValue?> access)
    {
        if (!target.Filtered)
        {
            return (access(target.Value) ?? ExprValue.Null, false);
        }

        var results = new List<ExprValue>();
        foreach (var item in target.Value.Items ?? [])
        {
            if (item is not null && access(item) is { } value)
            {
                results.Add(value);
            }
        }

        return (ExprValue.FromArray(results), true);
    }

    /// <summary><c>object['name']</c> (any primitive key, as text) or <c>array[number]</c>; null when there is no such entry.</summary>
    private static ExprValue? Lookup(ExprValue target, ExprValue key)
    {
        if (key.Kind is ExprValueKind.Array or ExprValueKind.Object)
        {
            return null;
        }

        if (target.Kind == ExprValueKind.Object)
        {
            return target.TryGetProperty(key.ToText(), out var value) ? value : null;
        }

        if (target.Items is { } items)
        {
            var number = key.ToNumber();
            return number >= 0 && number < items.Count ? items[(int)number] ?? ExprValue.Null : null;
        }

        return null;
    }

    /// <summary><c>.*</c>: an array's items or an object's values; on a filtered array, all of those of every item.</summary>
    private static ExprValue Expand((ExprValue Value, bool Filtered) target)
    {
        if (!target.Filtered)
        {
            return ExprValue.FromArray(Children(target.Value).ToList());
        }

        var results = new List<ExprValue>();
        foreach (var item in target.Value.Items ?? [])
        {
            results.AddRange(Children(item ?? ExprValue.Null));
        }

        return ExprValue.FromArray(results);
    }

    private static IEnumerable<ExprValue> Children(ExprValue value) =>
        (value.Items ?? (IEnumerable<ExprValue>?)value.Properties?.Values ?? []).Select(v => v ?? ExprValue.Null);

    private ExprValue EvalBinary(BinaryExpr binary)
    {
        var left = Eval(binary.Left).Value;
        switch (binary.Operator)
        {
            case BinaryOperator.And:
                return left.IsTruthy ? Eval(binary.Right).Value : left;
            case BinaryOperator.Or:
                return left.IsTruthy ? left : Eval(binary.Right).Value;
        }

        var right = Eval(binary.Right).Value;
        var result = binary.Operator switch
        {
            BinaryOperator.Equal => ValueCoercion.LooseEquals(left, right),
            BinaryOperator.NotEqual => !ValueCoercion.LooseEquals(left, right),
            BinaryOperator.Less => ValueCoercion.LessThan(left, right),
            BinaryOperator.LessOrEqual => ValueCoercion.LooseEquals(left, right) || ValueCoercion.LessThan(left, right),
            BinaryOperator.Greater => ValueCoercion.GreaterThan(left, right),
            _ => ValueCoercion.LooseEquals(left, right) || ValueCoercion.GreaterThan(left, right),
        };
        return ExprValue.FromBoolean(result);
    }

    private ExprValue Call(FunctionCallExpr call)
    {
        var info = FunctionCatalog.Find(call.Name);
        if (info is null)
        {
            return Fail($"unknown function `{call.Name}`");
        }

        var count = call.Arguments.Count;
        if (count < info.MinArguments || count > info.MaxArguments)
        {
            return Fail($"`{info.Name}` takes {info.ArityText} but got {count}");
        }

        var arguments = count == 0 ? [] : new ExprValue[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = Eval(call.Arguments[i]).Value;
        }

        if (Error is not null)
        {
            return ExprValue.Null;
        }

        var result = BuiltinFunctions.Invoke(info, arguments, context, out var error);
        return error is null ? result : Fail($"{info.Name}(): {error}");
    }

    private ExprValue Fail(string message)
    {
        Error ??= message;
        return ExprValue.Null;
    }
}
