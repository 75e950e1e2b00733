using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Core.Releases.Changelog;
using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Versioning;
using Sluice.Engine.Releases;
using Sluice.Engine.Releases.Git;

namespace Sluice.Bench;

/// <summary>
/// <c>release-history [commits] [runs]</c>: builds a conventional history of 100,000 commits with
/// <c>git fast-import</c> in a temp repository, then times the core of <c>sluice release --dry-run</c> (tags, one
/// history read, parsing, revert pairing, version decision, version-file discovery, changelog since the first
/// commit) against the floor <c>git log --format=%H%x00%B</c> over the same range, in the same run. Prints the
/// medians and the ratio; the target is ≤ 1.5×.
/// </summary>
internal static class ReleaseHistoryBenchmark
{
    private static readonly string[] Types = ["feat", "fix", "chore", "docs", "refactor", "perf", "test", "fix", "feat", "ci"];
    private static readonly string[] Scopes = ["api", "ui", "db", "cli", "auth", ""];

    public static async Task<int> RunAsync(string[] args)
    {
        var commits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var dir = Directory.CreateTempSubdirectory("sluice-bench-release-").FullName;
        try
        {
            var git = new GitRunner(dir, new Dictionary<string, string> { ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1" });
            await git.RunAsync(["init", "-q", "-b", "main"], null, CancellationToken.None);
            var build = Stopwatch.StartNew();
            var import = await git.RunAsync(["fast-import", "--quiet"], FastImportStream(commits), CancellationToken.None);
            if (!import.Ok)
            {
                Console.Error.WriteLine(import.Message("git fast-import"));
                return 1;
            }

            await git.RunAsync(["checkout", "-q", "main"], null, CancellationToken.None);
            Console.WriteLine($"release-history: {commits:N0} conventional commits generated with git fast-import in {build.Elapsed.TotalSeconds:F1} s ({dir})");

            var repository = new GitReleaseRepository(dir);
            var floor = new List<double>();
            var sluice = new List<double>();
            var changelogLines = 0;
            for (var i = 0; i <= runs; i++)
            {
                // Run 0 warms up the JIT and the OS page cache for both sides and is not counted.
                var f = await GitLogFloorAsync(git);
                var (s, lines) = await PlanAsync(repository);
                changelogLines = lines;
                if (i > 0)
                {
                    floor.Add(f);
                    sluice.Add(s);
                }
            }

            var floorMedian = Median(floor);
            var sluiceMedian = Median(sluice);
            var ratio = Median(floor.Zip(sluice, (f, x) => x / f).ToList());
            var breakdown = await BreakdownAsync(repository);
            Console.WriteLine($"  git log --format=%H%x00%B (floor):   {floorMedian,8:F0} ms  (median of {runs})");
            Console.WriteLine($"  sluice release --dry-run core path:  {sluiceMedian,8:F0} ms  (median of {runs}; changelog of {changelogLines:N0} lines)");
            Console.WriteLine($"    stages (one extra run): {breakdown}");
            Console.WriteLine($"  ratio: {ratio:F2}x  (median of the per-run ratios; target <= 1.50x: {(ratio <= 1.5 ? "met" : "NOT met")})");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> GitLogFloorAsync(GitRunner git)
    {
        var sw = Stopwatch.StartNew();
        var buffer = new char[1 << 16];
        var r = await git.RunStreamingAsync(["log", "--format=%H%x00%B", "HEAD"], null, async (reader, ct) =>
        {
            while (await reader.ReadAsync(buffer.AsMemory(), ct) > 0)
            {
            }
        }, CancellationToken.None);
        if (!r.Ok)
        {
            throw new InvalidOperationException(r.Message("git log"));
        }

        return sw.Elapsed.TotalMilliseconds;
    }

    private static async Task<(double Ms, int ChangelogLines)> PlanAsync(GitReleaseRepository repository)
    {
        var sw = Stopwatch.StartNew();
        var plan = await new ReleasePlanner(repository, ReleaseConfig.Default, TimeProvider.System).PlanAsync(new ReleaseRequest(DryRun: true), CancellationToken.None);
        var ms = sw.Elapsed.TotalMilliseconds;
        if (!plan.IsSuccess || !plan.Value!.HasRelease)
        {
            throw new InvalidOperationException(plan.Error ?? "expected a release");
        }

        return (ms, plan.Value.Units[0].ChangelogSection!.Count(c => c == '\n'));
    }

    /// <summary>One extra, separately timed pass over the stages, to show where the time goes.</summary>
    private static async Task<string> BreakdownAsync(GitReleaseRepository repository)
    {
        var head = (await repository.GetHeadAsync(null, CancellationToken.None)).Value!;
        var sw = Stopwatch.StartNew();
        var history = (await repository.ReadHistoryAsync(null, head.Sha, null, includeMerges: false, c => c, CancellationToken.None)).Value!;
        var read = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var parsed = history.Select(ConventionalCommitParser.Parse).ToList();
        var parse = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var kept = RevertPairing.Apply(parsed).Kept;
        var pairing = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        ChangelogRenderer.RenderSection(new SemVersion(0, 1, 0), "v0.1.0", null, new DateOnly(2026, 1, 1), kept, ChangelogLinks.None, false);
        var render = sw.Elapsed.TotalMilliseconds;
        return $"history read {read:F0} ms, parse {parse:F0} ms (overlapped with the read in the real path), revert pairing {pairing:F0} ms, changelog {render:F0} ms";
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>
    /// A fast-import stream: every commit edits <c>counter.txt</c>; messages cycle through types and scopes, one in
    /// 10 has a two-paragraph body, one in 50 a breaking-change footer, one in 200 reverts the commit before it.
    /// </summary>
    private static string FastImportStream(int commits)
    {
        var sb = new StringBuilder(commits * 220);
        var time = 1_767_225_600L;
        for (var i = 1; i <= commits; i++)
        {
            var type = Types[i % Types.Length];
            var scope = Scopes[i % Scopes.Length];
            var message = new StringBuilder();
            if (i % 200 == 0)
            {
                message.Append(CultureInfo.InvariantCulture, $"revert: {Types[(i - 1) % Types.Length]}: change number {i - 1}\n");
            }
            else
            {
                message.Append(type).Append(scope.Length > 0 ? $"({scope})" : "").Append(CultureInfo.InvariantCulture, $": change number {i}\n");
            }

            if (i % 10 == 0)
            {
                message.Append(CultureInfo.InvariantCulture, $"\nWhy: the {i}th change needed a body.\n\nA second paragraph with more detail.\n");
            }

            if (i % 50 == 0)
            {
                message.Append("\nBREAKING CHANGE: the old flag is gone.\n");
            }

            var msg = message.ToString();
            var content = (i == 1 ? "{\n  \"name\": \"bench\",\n  \"version\": \"0.0.0\"\n}\n" : i.ToString(CultureInfo.InvariantCulture) + "\n");
            var file = i == 1 ? "package.json" : "counter.txt";
            sb.Append("commit refs/heads/main\n");
            sb.Append(CultureInfo.InvariantCulture, $"author Bench <bench@example.com> {time + i} +0000\n");
            sb.Append(CultureInfo.InvariantCulture, $"committer Bench <bench@example.com> {time + i} +0000\n");
            sb.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(msg)}\n").Append(msg);
            sb.Append(CultureInfo.InvariantCulture, $"M 644 inline {file}\n");
            sb.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(content)}\n").Append(content).Append('\n');
        }

        return sb.ToString();
    }
}
