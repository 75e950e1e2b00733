using System.Globalization;
using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

/// <summary>Prints a tree as a fully parenthesised S-expression so tests can state the shape the parser built.</summary>
internal static class ExprPrinter
{
    public static string Print(Expr node) => node switch
    {
        LiteralExpr literal => literal.Value.Kind == ExprValueKind.String ? $"'{literal.Value.AsString}'" : literal.Value.ToText() is "" ? "null" : literal.Value.ToText(),
        ContextExpr context => context.Name,
        PropertyExpr property => $"{Print(property.Target)}.{property.Name}",
        IndexExpr index => $"{Print(index.Target)}[{Print(index.Index)}]",
        WildcardExpr wildcard => $"{Print(wildcard.Target)}.*",
        NotExpr not => $"(! {Print(not.Operand)})",
        BinaryExpr binary => $"({Symbol(binary.Operator)} {Print(binary.Left)} {Print(binary.Right)})",
        FunctionCallExpr call => $"{call.Name}({string.Join(", ", call.Arguments.Select(Print))})",
        _ => node.ToString(),
    };

    public static string Parse(string text)
    {
        var parsed = ExpressionParser.Parse(text);
        parsed.Errors.ShouldBeEmpty(string.Join("; ", parsed.Errors));
        return Print(parsed.Root!);
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "&&",
        BinaryOperator.Or => "||",
        _ => op.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
