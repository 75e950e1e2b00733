using System.Reflection;
using System.Text.RegularExpressions;
using Sluice.Core.Diagnostics;
using Sluice.Core.Events;
using Sluice.Core.Expressions;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Core.Yaml;

namespace Sluice.Core.Tests.Docs;

/// <summary>
/// The reference docs are specifications too. Every <c>```yaml</c> block in docs/pipelines.md is a complete
/// pipeline the parser accepts without a diagnostic, and together they use every key the parser knows. Every
/// <c>```yaml</c> block under a code's heading in docs/diagnostics.md produces that code and nothing else, and
/// the <c>```text</c> block after it is exactly what the parser reports.
/// </summary>
public sealed partial class DocsExamplesTests
{
    private const string PipelinesDoc = "pipelines.md";
    private const string DiagnosticsDoc = "diagnostics.md";

    /// <summary>The file name the diagnostics examples are shown with (as `sluice validate` prints it).</summary>
    private const string ShownFile = ".sluice/ci.yml";

    private static readonly string[] KnownFences = ["yaml", "yaml-fragment", "text"];

    /// <summary>First cell of each row of the "Contexts by field" table, and the scope the parser uses there.</summary>
    private static readonly Dictionary<string, ExpressionScope> ScopeByRow = new(StringComparer.Ordinal)
    {
        ["pipeline `env`, `concurrency`"] = ExpressionScopes.PipelineLevel,
        ["job `if`"] = ExpressionScopes.JobCondition,
        ["job `name`, `environment`, `working-directory`, `cache.key`"] = ExpressionScopes.JobField,
        ["job `env`"] = ExpressionScopes.JobEnv,
        ["job `outputs`"] = ExpressionScopes.Outputs,
        ["step `if`"] = ExpressionScopes.StepCondition,
        ["step `name`, step `working-directory`"] = ExpressionScopes.StepField,
        ["`run`, step `env`, `deploy.shift`, `deploy.check`, `deploy.rollback`"] = ExpressionScopes.StepCommand,
    };

    /// <summary>Keys the parsers accept through inline lists rather than a named key array.</summary>
    private static readonly string[] InlineKeyPaths =
    [
        "on.tag.patterns", "on.comment.commands", "on.manual.inputs",
        "defaults.shell", "defaults.working-directory", "defaults.timeout",
        "concurrency.group", "concurrency.cancel-in-progress",
        "jobs.*.matrix.include", "jobs.*.matrix.exclude", "jobs.*.matrix.fail-fast", "jobs.*.matrix.max-parallel",
        "jobs.*.retry.max", "jobs.*.retry.on",
        "jobs.*.cache.key", "jobs.*.cache.paths", "jobs.*.cache.restore-keys",
        "jobs.*.deploy.check.run", "jobs.*.deploy.check.interval", "jobs.*.deploy.check.threshold",
        "jobs.*.deploy.steps[].shift", "jobs.*.deploy.steps[].pause",
    ];

    public static TheoryData<int> PipelineExamples()
    {
        var data = new TheoryData<int>();
        foreach (var block in Blocks(PipelinesDoc).Where(b => b.Info == "yaml"))
        {
            data.Add(block.Line);
        }

        return data;
    }

    public static TheoryData<string, int> DiagnosticExamples()
    {
        var data = new TheoryData<string, int>();
        foreach (var block in Blocks(DiagnosticsDoc).Where(b => b.Info == "yaml" && CodeOf(b.Heading) is { } code && code != DiagnosticCodes.DuplicatePipeline))
        {
            data.Add(CodeOf(block.Heading)!, block.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PipelineExamples))]
    public void PipelinesDoc_YamlExample_IsAValidPipelineWithoutDiagnostics(int line)
    {
        var block = Blocks(PipelinesDoc).Single(b => b.Line == line);

        var result = PipelineParser.Parse("example.yml", block.Text);

        result.Diagnostics.ShouldBeEmpty($"pipelines.md line {line} ({block.Heading}):\n{string.Join("\n", result.Diagnostics)}");
        result.Pipeline.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(PipelinesDoc, 40)]
    [InlineData(DiagnosticsDoc, 60)]
    public void Doc_CodeBlocks_UseOnlyKnownFencesAndAreNumerous(string doc, int minimumYamlBlocks)
    {
        var blocks = Blocks(doc);

        blocks.Select(b => b.Info).Distinct().ShouldAllBe(info => KnownFences.Contains(info), "a ```yml or unlabeled block would escape the checks");
        blocks.Count(b => b.Info == "yaml").ShouldBeGreaterThanOrEqualTo(minimumYamlBlocks);
    }

    [Fact]
    public void PipelinesDoc_Examples_UseEveryKeyTheParserAccepts()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in Blocks(PipelinesDoc).Where(b => b.Info == "yaml"))
        {
            var (root, ok) = YamlTreeReader.Read("example.yml", block.Text, []);
            ok.ShouldBeTrue();
            CollectKeyPaths(root, "", used);
        }

        var missing = RequiredKeyPaths().Where(path => !used.Contains(path)).ToList();

        missing.ShouldBeEmpty($"keys without an example in pipelines.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void PipelinesDoc_ContextsTable_MatchesTheScopesTheParserChecks()
    {
        var lines = DocLines(PipelinesDoc);
        var start = Array.IndexOf(lines, "## Contexts by field");
        start.ShouldBeGreaterThan(0);
        var rows = lines.Skip(start).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();

        rows.Select(r => r[0]).ShouldBe(ScopeByRow.Keys, ignoreOrder: true);
        foreach (var row in rows)
        {
            var scope = ScopeByRow[row[0]];
            row[1].Split(", ").ShouldBe(scope.Contexts, ignoreOrder: true, $"contexts of {row[0]}");
            row[2].ShouldBe(scope.AllowStatusFunctions ? "yes" : "no", $"status functions in {row[0]}");
        }
    }

    [Fact]
    public void PipelinesDoc_MatrixExample_ExpandsToTheInstancesListedAfterIt()
    {
        var section = Blocks(PipelinesDoc).Where(b => b.Heading == "### `matrix`").ToList();
        var pipeline = PipelineParser.Parse("example.yml", section.First(b => b.Info == "yaml").Text).Pipeline.ShouldNotBeNull();
        var listed = section.First(b => b.Info == "text").Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var plan = Planner.PlanPipeline(pipeline, new PipelineEvent(EventKind.Push, Branch: "main"));

        plan.Jobs.Select(j => j.Key).ShouldBe(listed);
    }

    [Theory]
    [MemberData(nameof(DiagnosticExamples))]
    public void DiagnosticsDoc_Example_ReportsOnlyItsCodeAsPrintedAfterIt(string code, int line)
    {
        var blocks = Blocks(DiagnosticsDoc);
        var index = blocks.FindIndex(b => b.Line == line);

        // Examples for environments.yml (SL1702) say so in their first line and go through its parser.
        var text = blocks[index].Text;
        var diagnostics = text.StartsWith("# .sluice/environments.yml", StringComparison.Ordinal)
            ? global::Sluice.Core.Deployments.EnvironmentsParser.Parse(".sluice/environments.yml", text).Diagnostics
            : PipelineParser.Parse(ShownFile, text).Diagnostics;

        diagnostics.ShouldNotBeEmpty($"diagnostics.md line {line} should produce {code}");
        diagnostics.ShouldAllBe(d => d.Code == code, string.Join("\n", diagnostics));
        var shown = blocks.ElementAtOrDefault(index + 1);
        shown.Info.ShouldBe("text", $"diagnostics.md line {line}: the example should be followed by its output");
        shown.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void DiagnosticsDoc_HasOneSectionWithAnExampleForEveryCode()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var sections = DocLines(DiagnosticsDoc).Select(CodeOf).OfType<string>().ToList();
        var withExamples = Blocks(DiagnosticsDoc).Where(b => b.Info == "yaml").Select(b => CodeOf(b.Heading)).OfType<string>().ToHashSet();

        sections.ShouldBe(codes, ignoreOrder: true);
        sections.ShouldBeUnique();
        codes.Where(c => !withExamples.Contains(c)).ShouldBeEmpty();
    }

    /// <summary>
    /// SL1801 compares files, which only the engine's loader sees; the doc shows two files that are each
    /// valid on their own and share a name.
    /// </summary>
    [Fact]
    public void DiagnosticsDoc_DuplicatePipelineExample_IsTwoValidFilesWithOneName()
    {
        var files = Blocks(DiagnosticsDoc).Where(b => b.Info == "yaml" && CodeOf(b.Heading) == DiagnosticCodes.DuplicatePipeline).ToList();

        files.Count.ShouldBe(2);
        var results = files.Select((b, i) => PipelineParser.Parse($"file{i}.yml", b.Text)).ToList();
        results.ShouldAllBe(r => r.IsValid && r.Diagnostics.Count == 0);
        results.Select(r => r.Pipeline!.Name).Distinct().Count().ShouldBe(1);
    }

    private static string[] DocLines(string doc) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", doc)).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Fenced blocks with the 1-based line of the opening fence and the heading they sit under.</summary>
    private static List<(int Line, string Heading, string Info, string Text)> Blocks(string doc)
    {
        var lines = DocLines(doc);
        var blocks = new List<(int, string, string, string)>();
        var heading = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#'))
            {
                heading = lines[i];
                continue;
            }

            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var open = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            blocks.Add((open + 1, heading, lines[open][3..].Trim(), string.Join('\n', body) + "\n"));
        }

        return blocks;
    }

    private static string? CodeOf(string heading) => CodeHeading().Match(heading) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Key paths such as <c>jobs.*.steps[].shell</c>: job and input names become <c>*</c>, list items <c>[]</c>.</summary>
    private static void CollectKeyPaths(YamlNode? node, string path, HashSet<string> into)
    {
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    var child = path is "jobs" or "on.manual.inputs" ? path + ".*" : path.Length == 0 ? key.Value : $"{path}.{key.Value}";
                    into.Add(child);
                    CollectKeyPaths(value, child, into);
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    CollectKeyPaths(item, path + "[]", into);
                }

                break;
        }
    }

    /// <summary>Every key the parsers accept: their key lists (read so that a new key needs a new example) and the inline ones.</summary>
    private static IEnumerable<string> RequiredKeyPaths() =>
        Keys(typeof(PipelineParser), "TopKeys", "")
            .Concat(Keys(typeof(TriggerParser), "TriggerKeys", "on."))
            .Concat(Keys(typeof(TriggerParser), "PushKeys", "on.push."))
            .Concat(Keys(typeof(TriggerParser), "PullRequestKeys", "on.pull_request."))
            .Concat(Keys(typeof(TriggerParser), "ScheduleKeys", "on.schedule."))
            .Concat(Keys(typeof(TriggerParser), "InputKeys", "on.manual.inputs.*."))
            .Concat(Keys(typeof(JobParser), "JobKeys", "jobs.*."))
            .Concat(Keys(typeof(StepParser), "StepKeys", "jobs.*.steps[]."))
            .Concat(Keys(typeof(DeployParser), "DeployKeys", "jobs.*.deploy."))
            .Concat(InlineKeyPaths);

    private static IEnumerable<string> Keys(Type parser, string field, string prefix)
    {
        var keys = parser.GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as string[];
        keys.ShouldNotBeNull($"{parser.Name}.{field} was not found; update this test to the parser's key list");
        return keys.Select(k => prefix + k);
    }

    [GeneratedRegex(@"^## (SL\d{4})\b")]
    private static partial Regex CodeHeading();
}
