using Sluice.Engine.Storage;
using Sluice.Server.Reporting;

namespace Sluice.Server.Tests.Reporting;

public class CommentRendererTests
{
    [Fact]
    public void Render_FailedJob_ShowsTableRowAndCollapsedLogTail()
    {
        var report = Report(new JobReport("test", "test", JobState.Failed, "step `t` failed (exit code 1)", TimeSpan.FromSeconds(3), ["line ```1```", "boom"]));

        var body = CommentRenderer.Render(report).Single();

        body.ShouldContain("| ❌ | test | failed: step `t` failed (exit code 1) | 3s |");
        body.ShouldContain("<details><summary>❌ test: last 2 log lines</summary>");
        body.ShouldContain("````text\nline ```1```\nboom\n````", Case.Sensitive);
    }

    [Fact]
    public void Render_MarkupInNames_IsEscapedAndPipesDoNotBreakTheTable()
    {
        var body = CommentRenderer.Render(Report(new JobReport("a", "<b>x | y</b>", JobState.Succeeded, null, null, []))).Single();

        body.ShouldContain("| ✅ | &lt;b&gt;x \\| y&lt;/b&gt; | succeeded |  |");
    }

    [Fact]
    public void Render_LongerThanGitHubAllows_SplitsIntoPartsEachWithinTheLimit()
    {
        var tail = Enumerable.Range(0, 200).Select(i => $"log line {i} " + new string('x', 100)).ToList();
        var jobs = Enumerable.Range(0, 12).Select(i => new JobReport($"job{i}", $"job {i}", JobState.Failed, "failed", null, tail)).ToArray();

        var parts = CommentRenderer.Render(Report(jobs));

        parts.Count.ShouldBeGreaterThan(1);
        parts.ShouldAllBe(p => p.Length <= CommentRenderer.MaxCommentLength);
        parts[0].ShouldContain("| ❌ | job 11 | failed: failed |");
        parts[1].ShouldStartWith("_(continued, part 2)_");
        string.Concat(parts).Split("<details>").Length.ShouldBe(13, "every failed job's log block is in some part");
    }

    [Fact]
    public void Split_BlockLargerThanTheLimit_IsCut()
    {
        var parts = CommentRenderer.Split("head", [new string('y', 500)], 100);

        parts.ShouldAllBe(p => p.Length <= 100);
        parts[^1].ShouldContain("… (cut)");
    }

    private static RunReport Report(params JobReport[] jobs) =>
        new("ci", "ci", 4, RunState.Failed, "0123456789abcdef", "pull_request", TimeSpan.FromSeconds(65), "http://sluice/runs/4", jobs);
}
