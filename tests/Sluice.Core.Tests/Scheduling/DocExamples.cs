using System.Text.RegularExpressions;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>
/// Reads the example tables of a file under <c>docs/</c> so that tests can execute them. A table is
/// checked when it sits between <c>&lt;!-- check: name --&gt;</c> and <c>&lt;!-- /check --&gt;</c>; each
/// row becomes its cells as written (trimmed), header and separator rows left out.
/// </summary>
internal static partial class DocExamples
{
    public static List<string[]> Rows(string docFile, string check)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", docFile));
        var rows = new List<string[]>();
        var inside = false;
        var tableLine = 0;
        foreach (var line in lines)
        {
            if (line.Trim() == $"<!-- check: {check} -->")
            {
                (inside, tableLine) = (true, 0);
            }
            else if (line.Trim() == "<!-- /check -->")
            {
                inside = false;
            }
            else if (inside && line.StartsWith('|') && tableLine++ >= 2)
            {
                rows.Add(line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());
            }
        }

        rows.ShouldNotBeEmpty($"docs/{docFile} has no `{check}` examples");
        return rows;
    }

    /// <summary>The contents of the code spans in a cell: <c>`a`, `b`</c> gives <c>a</c> and <c>b</c>.</summary>
    public static string[] Code(string cell) => CodeSpan().Matches(cell).Select(m => m.Groups[1].Value).ToArray();

    /// <summary>The single code span a cell consists of.</summary>
    public static string Single(string cell)
    {
        var spans = Code(cell);
        spans.Length.ShouldBe(1, $"expected one code span in `{cell}`");
        return spans[0];
    }

    public static bool YesNo(string cell) => cell switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new InvalidOperationException($"expected yes or no, got `{cell}`"),
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Sluice.sln) not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();
}
