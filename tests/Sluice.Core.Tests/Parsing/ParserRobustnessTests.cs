using Sluice.Core.Parsing;

namespace Sluice.Core.Tests.Parsing;

/// <summary>
/// Feeds the parser thousands of mutated and truncated documents (seeded, so failures reproduce): no
/// exception may escape and every diagnostic must point inside the file.
/// </summary>
public sealed class ParserRobustnessTests
{
    private static readonly string[] Fragments = [":", "-", " ", "  ", "\t", "{", "}", "[", "]", "'", "\"", "${{", "}}", "\n", "#", "&a", "*a", "!", "|", ">", ",", "? ", "<<: ", "~", "\0", "é", "needs: ", "if: ", "${{ x.", "%", "@"];

    private static IEnumerable<string> Corpus()
    {
        var root = AppContext.BaseDirectory;
        return Directory.GetFiles(Path.Combine(root, "Parsing", "Golden"), "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.yml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);
    }

    [Fact]
    public void Parse_TenThousandMutatedDocuments_NeverThrowsAndPositionsStayInsideTheFile()
    {
        var corpus = Corpus().ToList();
        corpus.Count.ShouldBeGreaterThan(50);
        var random = new Random(20261122);
        var withDiagnostics = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var text = Mutate(corpus[random.Next(corpus.Count)], random);

            PipelineParseResult result;
            try
            {
                result = PipelineParser.Parse("fuzz.yml", text);
            }
            catch (Exception ex)
            {
                throw new ShouldAssertException($"iteration {i}: {ex.GetType().Name} escaped for input:\n{text}", ex);
            }

            var lines = text.Split('\n');
            foreach (var d in result.Diagnostics)
            {
                d.Location.Line.ShouldBeInRange(1, lines.Length, $"iteration {i}: {d}");
                d.Location.Column.ShouldBeInRange(1, lines[d.Location.Line - 1].Length + 1, $"iteration {i}: {d}");
                d.Message.ShouldNotBeNullOrWhiteSpace();
            }

            withDiagnostics += result.Diagnostics.Count > 0 ? 1 : 0;
        }

        withDiagnostics.ShouldBeGreaterThan(5_000, "the mutations must actually break most documents");
    }

    private static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations && text.Length > 0; m++)
        {
            var at = random.Next(text.Length);
            text = random.Next(7) switch
            {
                0 => text[..at],
                1 => text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8))),
                2 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                3 => SwapLines(text, random),
                4 => DuplicateLine(text, random),
                5 => text.Insert(at, new string(' ', random.Next(1, 5))),
                _ => text.Remove(at, 1).Insert(at, Fragments[random.Next(Fragments.Length)]),
            };
        }

        return text;
    }

    private static string SwapLines(string text, Random random)
    {
        var lines = text.Split('\n');
        var a = random.Next(lines.Length);
        var b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private static string DuplicateLine(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var a = random.Next(lines.Count);
        lines.Insert(a, lines[a]);
        return string.Join('\n', lines);
    }
}
