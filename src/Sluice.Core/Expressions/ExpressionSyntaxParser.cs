namespace Sluice.Core.Expressions;

/// <summary>
/// Recursive descent over GitHub's precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>,
/// <c>&lt; &lt;= &gt; &gt;=</c>, <c>!</c>, then postfix <c>.name</c>, <c>[index]</c>, <c>.*</c> on a primary.
/// Recursion happens only for real nesting, which is bounded by <see cref="ExpressionParser.MaxDepth"/>, so
/// hostile input cannot overflow the stack. The first syntax error stops parsing; the rest of the text is
/// still lexed so that every lexical error is reported.
/// </summary>
internal sealed class ExpressionSyntaxParser
{
    private readonly TokenCursor cursor;

    private ExpressionSyntaxParser(string text) => cursor = new TokenCursor(text);

    public static ParsedExpression Parse(string text) => new ExpressionSyntaxParser(text).Run();

    private ParsedExpression Run()
    {
        var text = cursor.Text;
        if (text.Length > ExpressionParser.MaxLength)
        {
            cursor.Fail(ExpressionParser.MaxLength, $"expression is too long ({text.Length} characters; at most {ExpressionParser.MaxLength})", "move the logic into a script step");
            return new ParsedExpression(null, cursor.Errors);
        }

        cursor.Advance();
        Expr? root = null;
        if (cursor.Kind == TokenKind.End)
        {
            // Text made only of bad characters has its errors already; "empty" would only confuse.
            if (cursor.Errors.Count == 0)
            {
                cursor.Fail(0, "empty expression", "write an expression such as `success()` or `inputs.name == 'x'`");
            }
        }
        else
        {
            root = ParseLogical(or: true, out _);
            if (!cursor.Failed && cursor.Kind != TokenKind.End)
            {
                var (message, hint) = SyntaxHints.Trailing(text, cursor.Current);
                cursor.Fail(cursor.Current.Start, message, hint);
            }
        }

        cursor.Drain();
        var errors = cursor.Errors;
        IReadOnlyList<ExpressionError> sorted = errors.Count <= 1
            ? errors
            : errors.OrderBy(e => e.Offset).Take(ExpressionParser.MaxErrors).ToList();
        return new ParsedExpression(sorted.Count == 0 ? root : null, sorted);
    }

    private Expr? ParseLogical(bool or, out int depth)
    {
        var kind = or ? TokenKind.Or : TokenKind.And;
        var first = or ? ParseLogical(or: false, out depth) : ParseEquality(out depth);
        if (first is null || cursor.Kind != kind)
        {
            return first;
        }

        // Chains of one of these operators are associative, so a balanced tree keeps 200-term chains shallow.
        var operands = new List<(Expr Node, int Depth)> { (first, depth) };
        var operators = new List<int>();
        while (cursor.Kind == kind)
        {
            operators.Add(cursor.Current.Start);
            cursor.Advance();
            var next = or ? ParseLogical(or: false, out var d) : ParseEquality(out d);
            if (next is null)
            {
                return null;
            }

            operands.Add((next, d));
        }

        var tree = Balance(or ? BinaryOperator.Or : BinaryOperator.And, operands, operators, 0, operands.Count, out depth);
        return cursor.CheckDepth(depth, tree.Offset) ? tree : null;
    }

    private static Expr Balance(BinaryOperator op, List<(Expr Node, int Depth)> operands, List<int> operators, int low, int high, out int depth)
    {
        if (high - low == 1)
        {
            depth = operands[low].Depth;
            return operands[low].Node;
        }

        var middle = (low + high) / 2;
        var left = Balance(op, operands, operators, low, middle, out var leftDepth);
        var right = Balance(op, operands, operators, middle, high, out var rightDepth);
        depth = Math.Max(leftDepth, rightDepth) + 1;
        return new BinaryExpr(op, left, right, operators[middle - 1]);
    }

    private Expr? ParseEquality(out int depth)
    {
        var left = ParseComparison(out depth);
        while (left is not null && cursor.Kind is TokenKind.Equal or TokenKind.NotEqual)
        {
            var op = cursor.Current;
            cursor.Advance();
            var right = ParseComparison(out var rightDepth);
            depth = Math.Max(depth, rightDepth) + 1;
            left = right is null || !cursor.CheckDepth(depth, op.Start)
                ? null
                : new BinaryExpr(op.Kind == TokenKind.Equal ? BinaryOperator.Equal : BinaryOperator.NotEqual, left, right, op.Start);
        }

        return left;
    }

    private Expr? ParseComparison(out int depth)
    {
        var left = ParseUnary(out depth);
        while (left is not null && cursor.Kind is TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual)
        {
            var op = cursor.Current;
            cursor.Advance();
            var right = ParseUnary(out var rightDepth);
            depth = Math.Max(depth, rightDepth) + 1;
            var kind = op.Kind switch
            {
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                _ => BinaryOperator.GreaterOrEqual,
            };
            left = right is null || !cursor.CheckDepth(depth, op.Start) ? null : new BinaryExpr(kind, left, right, op.Start);
        }

        return left;
    }

    private Expr? ParseUnary(out int depth)
    {
        if (cursor.Kind != TokenKind.Not)
        {
            return ParsePostfix(out depth);
        }

        // Iterative, so a run of 10,000 `!` costs a list, not 10,000 stack frames.
        var nots = new List<int>();
        while (cursor.Kind == TokenKind.Not)
        {
            nots.Add(cursor.Current.Start);
            cursor.Advance();
        }

        var operand = ParsePostfix(out depth);
        for (var i = nots.Count - 1; operand is not null && i >= 0; i--)
        {
            depth++;
            operand = cursor.CheckDepth(depth, nots[i]) ? new NotExpr(operand, nots[i]) : null;
        }

        return operand;
    }

    private Expr? ParsePostfix(out int depth)
    {
        var node = ParsePrimary(out depth);
        while (node is not null && cursor.Kind is TokenKind.Dot or TokenKind.LeftBracket)
        {
            node = cursor.Kind == TokenKind.Dot ? ParseMember(node) : ParseIndex(node, ref depth);
            depth++;
            if (node is not null && !cursor.CheckDepth(depth, node.Offset))
            {
                return null;
            }
        }

        return node;
    }

    private Expr? ParseMember(Expr target)
    {
        cursor.Advance(); // .
        var name = cursor.Current;
        if (name.Kind == TokenKind.Star)
        {
            cursor.Advance();
            return new WildcardExpr(target, name.Start);
        }

        if (name.Kind is TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.NaN or TokenKind.Infinity)
        {
            cursor.Advance();
            return new PropertyExpr(target, name.Value ?? cursor.Text.Substring(name.Start, name.Length), name.Start);
        }

        var hint = name.Kind switch
        {
            TokenKind.Number => "index arrays with brackets: `items[0]`",
            TokenKind.String => "use brackets for names with special characters: `a['my name']`",
            _ => "write a name after `.`, as in `inputs.version`",
        };
        return cursor.Fail(name.Start, $"expected a property name after `.` but found {cursor.Describe(name)}", hint);
    }

    private Expr? ParseIndex(Expr target, ref int depth)
    {
        var open = cursor.Current;
        cursor.Advance();
        if (cursor.Kind == TokenKind.Star)
        {
            var star = cursor.Current;
            cursor.Advance();
            return cursor.Expect(TokenKind.RightBracket, open, "`]`") ? new WildcardExpr(target, star.Start) : null;
        }

        if (!cursor.Enter(open))
        {
            return null;
        }

        var index = ParseLogical(or: true, out var indexDepth);
        cursor.Leave();
        depth = Math.Max(depth, indexDepth);
        return index is not null && cursor.Expect(TokenKind.RightBracket, open, "`]`") ? new IndexExpr(target, index, open.Start) : null;
    }

    private Expr? ParsePrimary(out int depth)
    {
        depth = 1;
        var token = cursor.Current;
        switch (token.Kind)
        {
            case TokenKind.Number: cursor.Advance(); return new LiteralExpr(ExprValue.FromNumber(token.Number), token.Start);
            case TokenKind.String: cursor.Advance(); return new LiteralExpr(ExprValue.FromString(token.Value!), token.Start);
            case TokenKind.True: cursor.Advance(); return new LiteralExpr(ExprValue.True, token.Start);
            case TokenKind.False: cursor.Advance(); return new LiteralExpr(ExprValue.False, token.Start);
            case TokenKind.Null: cursor.Advance(); return new LiteralExpr(ExprValue.Null, token.Start);
            case TokenKind.NaN: cursor.Advance(); return new LiteralExpr(ExprValue.FromNumber(double.NaN), token.Start);
            case TokenKind.Infinity: cursor.Advance(); return new LiteralExpr(ExprValue.FromNumber(double.PositiveInfinity), token.Start);
            case TokenKind.Identifier:
                cursor.Advance();
                if (cursor.Kind == TokenKind.LeftParen)
                {
                    return ParseCall(token, out depth);
                }

                if (string.Equals(token.Value, "not", StringComparison.OrdinalIgnoreCase) && StartsValue(cursor.Kind))
                {
                    return cursor.Fail(token.Start, "`not` is not an operator", "did you mean `!`?");
                }

                return new ContextExpr(token.Value!, token.Start);
            case TokenKind.LeftParen:
                cursor.Advance();
                if (!cursor.Enter(token))
                {
                    return null;
                }

                var inner = ParseLogical(or: true, out depth);
                cursor.Leave();
                return inner is not null && cursor.Expect(TokenKind.RightParen, token, "`)`") ? inner : null;
            default:
                return cursor.Fail(token.Start, $"expected a value but found {cursor.Describe(token)}", SyntaxHints.MissingValue(cursor.Text, token, cursor.Previous));
        }
    }

    private Expr? ParseCall(Token name, out int depth)
    {
        var open = cursor.Current;
        depth = 1;
        cursor.Advance();
        if (!cursor.Enter(open))
        {
            return null;
        }

        var arguments = new List<Expr>();
        while (arguments.Count > 0 || cursor.Kind != TokenKind.RightParen)
        {
            // After a comma another argument must follow, so `f(a,)` reports the missing value.
            var argument = ParseLogical(or: true, out var argumentDepth);
            if (argument is null)
            {
                return null;
            }

            arguments.Add(argument);
            depth = Math.Max(depth, argumentDepth + 1);
            if (cursor.Kind == TokenKind.RightParen)
            {
                break;
            }

            if (cursor.Kind != TokenKind.Comma)
            {
                var hint = cursor.Kind == TokenKind.End ? $"close the call to `{name.Value}` with `)`" : "separate arguments with `,`";
                return cursor.Fail(cursor.Current.Start, $"expected `,` or `)` in the call to `{name.Value}` but found {cursor.Describe(cursor.Current)}", hint);
            }

            cursor.Advance();
        }

        cursor.Advance();
        cursor.Leave();
        return new FunctionCallExpr(name.Value!, arguments, name.Start);
    }

    private static bool StartsValue(TokenKind kind) => kind is TokenKind.Identifier or TokenKind.Number or TokenKind.String
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.LeftParen or TokenKind.Not;
}
