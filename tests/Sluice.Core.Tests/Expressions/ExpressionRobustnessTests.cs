using System.Text;
using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

/// <summary>
/// Seeded fuzzing: mutated and random expression strings must never make parsing, checking, evaluating or
/// rendering throw, and every reported offset must point into the text (or just past its end).
/// </summary>
public class ExpressionRobustnessTests
{
    private static readonly string[] Seeds =
    [
        "success() && contains(event.labels.*.name, 'bug')",
        "format('{0}-{{1}}', matrix.os, 'x''y') == 'linux-{1}'",
        "!(inputs.version >= '1.0' || needs.build.result != 'success')",
        "fromJSON(toJSON(matrix))[0x1F].a['b'] <= -2.5e-3",
        "startsWith(env.REF, 'refs/tags/') && endsWith(join(matrix.flags, ','), 'b')",
        "changed('src/**') || always() && !cancelled() || failure()",
        "event.teams.*.members[*] == null && true != false",
        "steps.my-step.outputs.value < NaN || Infinity > -Infinity",
    ];

    private const string Alphabet = "()[]{}.,*!<>=&|'\"$-+0123456789xeE abcnulltruefalse_\t\n\\#?:`é";

    [Fact]
    public void RandomAndMutatedExpressions_NeverThrow_AndOffsetsStayInRange()
    {
        var random = new Random(20240601);
        var context = TestContext.Standard.WithChanged(p => p.Length % 2 == 0);
        var violations = new List<string>();
        var parsedCount = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var text = i % 5 == 0 ? RandomText(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);

            var parsed = ExpressionParser.Parse(text);

            Expect(parsed.Errors.All(e => InRange(e.Offset, text) && e.Code == "SL1301" && e.Message.Length > 0), "parse error", text, violations);
            Expect((parsed.Root is null) == (parsed.Errors.Count > 0), "root iff no errors", text, violations);
            if (parsed.Root is not null)
            {
                parsedCount++;
                var check = ExpressionChecker.Check(parsed.Root, ExpressionScope.Unrestricted);
                Expect(check.Errors.All(e => InRange(e.Offset, text)), "check error offset", text, violations);
                Expect(check.References.All(r => r.Offset < text.Length && InRange(r.Offset, text)), "reference offset", text, violations);
                _ = ExpressionEvaluator.Evaluate(parsed.Root, context).Value.ToText();
            }

            var condition = ExpressionEvaluator.EvaluateCondition(text, context);
            Expect(condition.Value.Kind == ExprValueKind.Boolean, "condition is boolean", text, violations);
            var template = "x${{" + text + "}}y";
            Expect(Template.Parse(template).Errors.All(e => InRange(e.Offset, template)), "template offset", text, violations);
            _ = ExpressionEvaluator.Render(template, context);
        }

        violations.ShouldBeEmpty();
        // The mutations must leave a fair share valid, or the checker and evaluator were barely exercised.
        parsedCount.ShouldBeGreaterThan(500);
    }

    private static bool InRange(int offset, string text) => offset >= 0 && offset <= text.Length;

    private static void Expect(bool condition, string what, string text, List<string> violations)
    {
        if (!condition)
        {
            violations.Add($"{what}: {text}");
        }
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 60);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            var position = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Insert(position, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(position, 1);
                    break;
                case 2 when builder.Length > 0:
                    builder[position] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    builder.Length = position; // truncate
                    break;
                case 4:
                    var length = Math.Min(builder.Length - position, random.Next(1, 12));
                    builder.Insert(position, builder.ToString(position, length)); // duplicate a slice
                    break;
                default:
                    // Swap two tokens' worth of text, which scrambles operators and operands.
                    var other = builder.Length == 0 ? 0 : random.Next(builder.Length);
                    if (position != other)
                    {
                        (builder[position], builder[other]) = (builder[other], builder[position]);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
