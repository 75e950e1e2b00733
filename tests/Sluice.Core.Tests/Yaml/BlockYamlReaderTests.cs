using System.Text.RegularExpressions;
using Sluice.Core.Diagnostics;
using Sluice.Core.Yaml;

namespace Sluice.Core.Tests.Yaml;

/// <summary>
/// Differential tests of the fast block-YAML reader against YamlDotNet: for every document either the fast
/// reader declines, or the tree (values, quoting, block flags, positions, duplicates) and the diagnostics
/// are exactly what reading YamlDotNet's events gives.
/// </summary>
public sealed partial class BlockYamlReaderTests
{
    private static readonly string[] Fragments =
    [
        ":", "-", "- ", " ", "  ", "\t", "{", "}", "[", "]", "'", "''", "\"", "\\", "\\n", "\\x41", "\\u00e9", "\\q", "${{", "}}", "\n", "\n\n", "#", " #",
        "&a ", "*a", "!", "|", ">", "|-", "|+", ">-", ">+", "|2", ",", ", ", "? ", "<<: ", "~", "\0", "é", "\r\n", "---", "...", "%", "@", "`",
        "needs: ", "if: ", "run: |\n", "  - ", "key: value\n", "a: [b, c]\n", "x: {y: z}\n", "'q': 1\n", "\"d\": 2\n",
    ];

    [Fact]
    public void TryRead_CorpusDocuments_GivesYamlDotNetsTree()
    {
        var accepted = 0;
        var corpus = Corpus().ToList();
        foreach (var (name, text) in corpus)
        {
            accepted += AssertSameAsYamlDotNet(text, name) ? 1 : 0;
        }

        // The examples and fixtures are ordinary pipeline files: the fast path must read nearly all of them.
        accepted.ShouldBeGreaterThan(corpus.Count * 8 / 10, $"accepted {accepted} of {corpus.Count}");
    }

    [Theory]
    [InlineData("a: 1\nb:\nc: # x\nd :\ne:    # y\n")]
    [InlineData("run: |\n  make test\n\n  echo done\n\nnext: x\n")]
    [InlineData("a: |-\n  x\n  y\n\nb: |+\n  k\n\n\nc: >\n  a\n  b\n\n  c\n\n\n  d\nd: >-\n\n  lead\n")]
    [InlineData("jobs:\n  build:\n    steps:\n    - run: a\n      name: b\n    -   run: c\n        env: {X: '1', Y: \"2\"}\n")]
    [InlineData("list:\n  - a\n  - 'b''c'\n  - \"d\\te\\u00e9\\x41\"\n  - [x, 'y', {k: v}]\n  - {}\n  - []\n")]
    [InlineData("---\n# comment\nname: x  # trailing\nurl: http://example.com:80/a#b\nq: a:b\n")]
    [InlineData("a: 1\nb: 2\na: 3\nm: {x: 1, x: 2}\n")]
    [InlineData("  indented: root\n  second: 2\n")]
    [InlineData("- a\n- b: c\n  d: e\n- |\n  block\n")]
    [InlineData("\"quoted key\": 1\n'single': [a , b ]\nk: 'é ü'\n")]
    public void TryRead_SubsetDocument_AcceptsWithYamlDotNetsTree(string text)
    {
        AssertSameAsYamlDotNet(text, "inline").ShouldBeTrue("the fast path should read this document");
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a: multi\n  line\n")]
    [InlineData("a: 'open\n  quote'\n")]
    [InlineData("a: [1,\n  2]\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: !tag x\n")]
    [InlineData("a: |2\n   x\n")]
    [InlineData("a:\r\n  b: 1\r\n")]
    [InlineData("a:\n\tb: 1\n")]
    [InlineData("<<: {a: 1}\n")]
    [InlineData("? complex\n: key\n")]
    [InlineData("a: |\n  no final newline")]
    [InlineData("x:\n  build *aob:\n    run: make\n")]
    [InlineData("a *b: c\n")]
    public void TryRead_OutsideTheSubset_Declines(string text)
    {
        BlockYamlReader.TryRead(text, out _, out _).ShouldBeFalse();
        AssertSameAsYamlDotNet(text, "inline");
    }

    [Fact]
    public void Read_TwentyThousandMutatedDocuments_FastPathMatchesYamlDotNetOrDeclines()
    {
        var corpus = Corpus().Select(c => c.Text).ToList();
        var random = new Random(20261202);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = Mutate(corpus[random.Next(corpus.Count)], random);
            accepted += AssertSameAsYamlDotNet(text, $"mutation {i}") ? 1 : 0;
        }

        // Many mutations keep the document valid: the fast path must have been compared on a good share.
        accepted.ShouldBeGreaterThan(4_000);
    }

    /// <summary>Returns whether the fast path read the document.</summary>
    private static bool AssertSameAsYamlDotNet(string text, string name)
    {
        var fastDiagnostics = new List<Diagnostic>();
        var slowDiagnostics = new List<Diagnostic>();
        var fast = YamlTreeReader.Read("doc.yml", text, fastDiagnostics, out var fastDuplicates, fastPath: true);
        var slow = YamlTreeReader.Read("doc.yml", text, slowDiagnostics, out var slowDuplicates, fastPath: false);
        var context = $"{name}:\n{text}";
        SameLines(YamlTreeDump.Of(fast.Root), YamlTreeDump.Of(slow.Root), context);
        fast.SyntaxOk.ShouldBe(slow.SyntaxOk, context);
        fastDuplicates.ShouldBe(slowDuplicates, context);
        SameLines(string.Join("\n", fastDiagnostics), string.Join("\n", slowDiagnostics), context);
        return BlockYamlReader.TryRead(text, out _, out _);
    }

    /// <summary>Reports the first differing line (Shouldly's character diff of long texts is very slow).</summary>
    private static void SameLines(string actual, string expected, string context)
    {
        if (actual == expected)
        {
            return;
        }

        var a = actual.Split('\n');
        var e = expected.Split('\n');
        var i = 0;
        while (i < a.Length && i < e.Length && a[i] == e[i])
        {
            i++;
        }

        Assert.Fail($"line {i + 1} differs:\n  fast:      {(i < a.Length ? a[i] : "<end>")}\n  YamlDotNet: {(i < e.Length ? e[i] : "<end>")}\n{context}");
    }

    private static IEnumerable<(string Name, string Text)> Corpus()
    {
        var root = AppContext.BaseDirectory;
        var files = Directory.GetFiles(Path.Combine(root, "Parsing", "Golden"), "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.yml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlBlock().Matches(File.ReadAllText(f)).Select((m, i) => ($"{Path.GetFileName(f)} block {i}", m.Groups[1].Value)));
        return files.Concat(docs);
    }

    private static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && text.Length > 0; m++)
        {
            var at = random.Next(text.Length);
            text = random.Next(8) switch
            {
                0 => text[..at],
                1 => text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8))),
                2 or 3 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                4 => SwapLines(text, random),
                5 => text.Insert(at, new string(' ', random.Next(1, 5))),
                6 => text.Remove(at, 1),
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

    [GeneratedRegex("```ya?ml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
