using System.Globalization;
using System.Text;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Scheduling;

public sealed class DagSchedulingTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    public async Task Run_RandomDag_NoJobStartsBeforeItsNeedsEndAndTheLimitHolds(int seed, int maxParallel)
    {
        var random = new Random(seed);
        var needs = new Dictionary<string, List<string>>();
        for (var i = 0; i < 12; i++)
        {
            needs[$"j{i}"] = Enumerable.Range(0, i).Where(_ => random.NextDouble() < 0.2).Select(n => $"j{n}").ToList();
        }

        var result = await harness.RunAsync(Pipeline(needs, random), maxParallel);

        result.State.ShouldBe(RunState.Succeeded);
        var times = needs.Keys.ToDictionary(k => k, Read);
        foreach (var (job, jobNeeds) in needs)
        {
            foreach (var need in jobNeeds)
            {
                times[job].Start.ShouldBeGreaterThanOrEqualTo(times[need].End, $"{job} started before its need {need} ended");
            }
        }

        Timeline.MaxConcurrent(times.Values).ShouldBeLessThanOrEqualTo(maxParallel);
        Timeline.MaxConcurrent(times.Values).ShouldBeGreaterThan(1, "independent jobs should overlap");
    }

    [Fact]
    public async Task Run_JobStartsWhenItsOwnNeedsEnd_NotWhenItsLevelEnds()
    {
        // Levels: {a, slow} then {b} then {c}. Level by level, c would wait for slow; as a dataflow it does not.
        var needs = new Dictionary<string, List<string>> { ["a"] = [], ["slow"] = [], ["b"] = ["a"], ["c"] = ["b"] };
        var sleeps = new Dictionary<string, string> { ["a"] = "0.1", ["slow"] = "3", ["b"] = "0.1", ["c"] = "0.1" };

        var result = await harness.RunAsync(Pipeline(needs, sleeps: sleeps), maxParallel: 4);

        result.State.ShouldBe(RunState.Succeeded);
        Read("c").End.ShouldBeLessThan(Read("slow").End);
        Timeline.Overlap(Read("a"), Read("slow")).ShouldBeTrue();
    }

    private static string Pipeline(Dictionary<string, List<string>> needs, Random? random = null, Dictionary<string, string>? sleeps = null)
    {
        var yaml = new StringBuilder("on: { push: { branches: [main] } }\njobs:\n");
        foreach (var (job, jobNeeds) in needs)
        {
            var sleep = sleeps?[job] ?? (0.2 + (random!.NextDouble() * 0.3)).ToString("0.00", CultureInfo.InvariantCulture);
            yaml.Append(CultureInfo.InvariantCulture, $"  {job}:\n    needs: [{string.Join(", ", jobNeeds)}]\n    run: |\n");
            yaml.Append(CultureInfo.InvariantCulture, $"      echo \"$(date +%s%N)\" > t-{job}.txt\n      sleep {sleep}\n      echo \"$(date +%s%N)\" >> t-{job}.txt\n");
        }

        return yaml.ToString();
    }

    private (long Start, long End) Read(string job)
    {
        var lines = File.ReadAllLines(Path.Combine(harness.Workspace, $"t-{job}.txt"));
        return (long.Parse(lines[0], CultureInfo.InvariantCulture), long.Parse(lines[1], CultureInfo.InvariantCulture));
    }
}
