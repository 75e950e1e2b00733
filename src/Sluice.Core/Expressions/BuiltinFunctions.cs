using System.Text;

namespace Sluice.Core.Expressions;

/// <summary>
/// The implementations of the built-in functions, following GitHub: text functions compare
/// case-insensitively and convert primitive arguments with <see cref="ExprValue.ToText"/>.
/// Arity has already been checked. Problems are returned as an error message, not thrown.
/// </summary>
internal static class BuiltinFunctions
{
    public static ExprValue Invoke(FunctionInfo function, ExprValue[] args, IExpressionContext context, out string? error)
    {
        error = null;
        var status = context.Status ?? JobStatus.Ok;
        switch (function.Name)
        {
            case "contains": return ExprValue.FromBoolean(Contains(args[0], args[1]));
            case "startsWith": return TextTest(args, (text, part) => text.StartsWith(part, StringComparison.OrdinalIgnoreCase));
            case "endsWith": return TextTest(args, (text, part) => text.EndsWith(part, StringComparison.OrdinalIgnoreCase));
            case "format": return Format(args, out error);
            case "join": return Join(args);
            case "toJSON": return ToJson(args[0], out error);
            case "fromJSON": return FromJson(args[0], out error);
            case "success": return ExprValue.FromBoolean(!status.Failed && !status.Cancelled);
            case "failure": return ExprValue.FromBoolean(status.Failed && !status.Cancelled);
            case "always": return ExprValue.True;
            case "cancelled": return ExprValue.FromBoolean(status.Cancelled);
            case "changed": return ExprValue.FromBoolean(context.Changed(args[0].ToText()));
            default:
                error = "not implemented";
                return ExprValue.Null;
        }
    }

    private static bool IsPrimitive(ExprValue value) => value.Kind is not (ExprValueKind.Array or ExprValueKind.Object);

    /// <summary>Substring test for primitives; for an array, whether any item loosely equals <paramref name="item"/>.</summary>
    private static bool Contains(ExprValue search, ExprValue item)
    {
        if (IsPrimitive(search))
        {
            return IsPrimitive(item) && search.ToText().Contains(item.ToText(), StringComparison.OrdinalIgnoreCase);
        }

        return search.Items is { } items && items.Any(candidate => ValueCoercion.LooseEquals(candidate ?? ExprValue.Null, item));
    }

    private static ExprValue TextTest(ExprValue[] args, Func<string, string, bool> test) =>
        ExprValue.FromBoolean(IsPrimitive(args[0]) && IsPrimitive(args[1]) && test(args[0].ToText(), args[1].ToText()));

    /// <summary><c>{N}</c> is replaced by argument N+1 as text; <c>{{</c> and <c>}}</c> are literal braces.</summary>
    private static ExprValue Format(ExprValue[] args, out string? error)
    {
        error = null;
        var pattern = args[0].ToText();
        var builder = new StringBuilder(pattern.Length + 16);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if ((c == '{' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                builder.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = pattern.IndexOf('}', i + 1);
                if (close < 0 || !int.TryParse(pattern.AsSpan(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    error = $"invalid placeholder at position {i} of '{ExpressionLexer.Shorten(pattern)}'; write {{0}}, {{1}}... and {{{{ or }}}} for a literal brace";
                    return ExprValue.Null;
                }

                if (index + 1 >= args.Length)
                {
                    error = $"'{ExpressionLexer.Shorten(pattern)}' uses {{{index}}} but only {args.Length - 1} value(s) were given";
                    return ExprValue.Null;
                }

                builder.Append(args[index + 1].ToText());
                i = close;
            }
            else if (c == '}')
            {
                error = $"unmatched `}}` at position {i} of '{ExpressionLexer.Shorten(pattern)}'; write }}}} for a literal brace";
                return ExprValue.Null;
            }
            else
            {
                builder.Append(c);
            }
        }

        return ExprValue.FromString(builder.ToString());
    }

    /// <summary>An array's items as text joined by the separator (default ","); a primitive is returned as text; an object gives "".</summary>
    private static ExprValue Join(ExprValue[] args)
    {
        var value = args[0];
        if (value.Items is { } items)
        {
            var separator = args.Length > 1 ? args[1].ToText() : ",";
            return ExprValue.FromString(string.Join(separator, items.Select(item => (item ?? ExprValue.Null).ToText())));
        }

        return ExprValue.FromString(IsPrimitive(value) ? value.ToText() : "");
    }

    private static ExprValue ToJson(ExprValue value, out string? error)
    {
        error = null;
        if (ExprValueJson.IsTooDeep(value))
        {
            error = $"the value nests deeper than {ExprValueJson.MaxWriteDepth} levels";
            return ExprValue.Null;
        }

        return ExprValue.FromString(value.ToJson(indented: true));
    }

    private static ExprValue FromJson(ExprValue value, out string? error)
    {
        var text = value.ToText();
        if (ExprValue.TryParseJson(text, out var parsed, out var reason))
        {
            error = null;
            return parsed;
        }

        error = $"'{ExpressionLexer.Shorten(text)}' is not valid JSON: {reason}";
        return ExprValue.Null;
    }
}
