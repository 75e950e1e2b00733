using Sluice.Engine.Storage;
using Sluice.Server.Dashboard;

namespace Sluice.Server.Tests.Dashboard;

public sealed class JobGraphTests
{
    private static GraphJob Job(string key, string jobId, int? seconds, params string[] needs) =>
        new(key, jobId, key, needs, seconds is null ? JobState.Pending : JobState.Succeeded, seconds is { } s ? TimeSpan.FromSeconds(s) : null);

    [Fact]
    public void Layout_ColumnsFollowTheDeepestNeed_MatrixInstancesShareANode()
    {
        var layout = JobGraph.Layout(
        [
            Job("build", "build", 1),
            Job("lint", "lint", 1),
            Job("test (os=linux)", "test", 1, "build"),
            Job("test (os=mac)", "test", 1, "build"),
            Job("package", "package", 1, "test (os=linux)", "test (os=mac)", "lint"),
        ]);

        layout.Groups.Select(g => (g.JobId, g.Layer)).ShouldBe([("build", 0), ("lint", 0), ("test", 1), ("package", 2)]);
        var test = layout.Groups.Single(g => g.JobId == "test");
        test.Label.ShouldBe("test");
        test.Instances.Count.ShouldBe(2);
        test.Height.ShouldBe(JobGraph.HeaderHeight + (2 * JobGraph.RowHeight) + 6);
        layout.Edges.Select(e => $"{e.From}>{e.To}").ShouldBe(["build>test", "test>package", "lint>package"], ignoreOrder: true);
        layout.Width.ShouldBe((JobGraph.Padding * 2) + (3 * JobGraph.NodeWidth) + (2 * JobGraph.ColumnGap));
    }

    [Fact]
    public void Layout_OrdersAColumnByTheRowsOfWhatItNeeds()
    {
        var layout = JobGraph.Layout([Job("a", "a", 1), Job("b", "b", 1), Job("after-b", "after-b", 1, "b"), Job("after-a", "after-a", 1, "a")]);
        var column = layout.Groups.Where(g => g.Layer == 1).OrderBy(g => g.Y).Select(g => g.JobId);
        column.ShouldBe(["after-a", "after-b"]);
    }

    [Fact]
    public void CriticalPath_IsTheLongestChainOfDurations()
    {
        var path = JobGraph.CriticalPath(
        [
            Job("checkout", "checkout", 2),
            Job("unit", "unit", 50, "checkout"),
            Job("e2e", "e2e", 30, "checkout"),
            Job("slow-lint", "slow-lint", 70),
            Job("ship", "ship", 5, "unit", "e2e", "slow-lint"),
        ]);
        path.ShouldBe(["slow-lint", "ship"]);
    }

    [Fact]
    public void CriticalPath_CountsARunningJobsTimeSoFar_AndIsEmptyBeforeAnythingRan()
    {
        JobGraph.CriticalPath([Job("a", "a", null), Job("b", "b", null, "a")]).ShouldBeEmpty();
        var running = new GraphJob("b", "b", "b", ["a"], JobState.Running, TimeSpan.FromSeconds(40));
        JobGraph.CriticalPath([Job("a", "a", 5), running, Job("c", "c", 30)]).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Layout_ACycleInCorruptRecords_IsCutNotLooped()
    {
        var layout = JobGraph.Layout([Job("a", "a", 1, "b"), Job("b", "b", 1, "a")]);
        layout.Groups.Count.ShouldBe(2);
        JobGraph.CriticalPath([Job("a", "a", 1, "b"), Job("b", "b", 1, "a")]).Count.ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public void Svg_EncodesNamesAndLinksEveryInstanceToItsLog()
    {
        var layout = JobGraph.Layout([Job("<x> (k=\"v\")", "<x>", 3)]);
        var svg = GraphSvg.Render(layout, 9).Value;
        svg.ShouldContain("href=\"/ui/runs/9/logs?job=%3Cx%3E%20%28k%3D%22v%22%29\"");
        svg.ShouldContain("<title>&lt;x&gt; (k=&quot;v&quot;)</title>");
        svg.ShouldNotContain("<x>");
    }
}
