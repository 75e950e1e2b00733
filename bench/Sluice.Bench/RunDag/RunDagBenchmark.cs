using System.Diagnostics;
using System.Globalization;
using Sluice.Core.Diagnostics;
using Sluice.Core.Events;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Bench.RunDag;

/// <summary>
/// <c>run-dag</c>: runs a generated random DAG of jobs that each run <c>true</c> through the engine (real
/// processes, real SQLite history) with <c>-j N</c>, and the same graph through <c>make -j N</c>, in one
/// process run; prints both times, the ratio (target ≤ 1.2×) and Sluice's overhead per job.
/// <c>SLUICE_DIRECT_EXEC=0</c> in its environment runs the steps through bash, as before plain commands skipped it.
/// </summary>
internal static class RunDagBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = Flag(args, "--jobs", 200);
        var seed = Flag(args, "--seed", 42);
        var parallel = Flag(args, "-j", 2);
        var repeat = Flag(args, "--repeat", 3);
        var dag = RandomDag.Generate(jobs, seed);
        var root = Path.Combine(Path.GetTempPath(), "sluice-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var makefile = Path.Combine(root, "Makefile");
            await File.WriteAllTextAsync(makefile, dag.ToMakefile());
            var bashMakefile = Path.Combine(root, "Makefile.bash");
            await File.WriteAllTextAsync(bashMakefile, dag.ToMakefile(bash: true));
            var state = new StateDirectory(Path.Combine(root, "state"), StateDirectorySource.Flag).EnsureCreated();
            await using var store = state.OpenRunStore(TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);

            Console.WriteLine($"run-dag: {dag.Count} jobs, {dag.Edges} needs edges, seed {seed}, -j{parallel}, best of {repeat}");
            // Warm-up: the first runs also pay for JIT compilation (tiered compilation keeps recompiling hot code in the
            // background for a few seconds), which a long-running `sluice serve` pays once; shown separately.
            var cold = await RunSluiceAsync(dag, parallel, state, store, root);
            for (var i = 0; i < 2; i++)
            {
                await RunSluiceAsync(dag, parallel, state, store, root);
            }

            await RunMakeAsync(makefile, parallel);

            EngineCpu.Clear();
            var sluiceTimes = new List<TimeSpan>();
            var makeTimes = new List<TimeSpan>();
            var bashMakeTimes = new List<TimeSpan>();
            var sluiceChildCpu = new List<TimeSpan>();
            var makeChildCpu = new List<TimeSpan>();
            var bashMakeChildCpu = new List<TimeSpan>();
            for (var i = 0; i < repeat; i++)
            {
                makeTimes.Add(await Measured(makeChildCpu, () => RunMakeAsync(makefile, parallel)));
                bashMakeTimes.Add(await Measured(bashMakeChildCpu, () => RunMakeAsync(bashMakefile, parallel)));
                sluiceTimes.Add(await Measured(sluiceChildCpu, () => RunSluiceAsync(dag, parallel, state, store, root)));
            }

            var sluice = sluiceTimes.Min();
            var make = makeTimes.Min();
            Console.WriteLine($"make -j{parallel}:   {Ms(make)} ms   (runs: {string.Join(", ", makeTimes.Select(Ms))})");
            Console.WriteLine($"make -j{parallel} (recipes through bash -eo pipefail, as Sluice runs steps that are more than one plain command): {Ms(bashMakeTimes.Min())} ms");
            Console.WriteLine($"sluice -j{parallel}: {Ms(sluice)} ms   (runs: {string.Join(", ", sluiceTimes.Select(Ms))}; first run in this process, with JIT: {Ms(cold)} ms)");
            Console.WriteLine($"ratio sluice/make: {(sluice / make).ToString("0.00", CultureInfo.InvariantCulture)}x (target <= 1.20x); "
                + $"sluice/make-with-bash: {(sluice / bashMakeTimes.Min()).ToString("0.00", CultureInfo.InvariantCulture)}x");
            Console.WriteLine($"sluice per job: {(sluice.TotalMilliseconds / dag.Count).ToString("0.00", CultureInfo.InvariantCulture)} ms; "
                + $"overhead over make per job: {((sluice - make).TotalMilliseconds / dag.Count).ToString("0.00", CultureInfo.InvariantCulture)} ms");
            Console.WriteLine($"engine CPU (this process, children excluded) per job: {PerJob(EngineCpu.Min(), dag)} ms");
            Console.WriteLine($"CPU per job (best run; independent of how busy the machine is): make + recipes {PerJob(makeChildCpu.Min(), dag)} ms; "
                + $"make + bash recipes {PerJob(bashMakeChildCpu.Min(), dag)} ms; sluice engine {PerJob(EngineCpu.Min(), dag)} ms + step processes {PerJob(sluiceChildCpu.Min(), dag)} ms");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string PerJob(TimeSpan total, RandomDag dag) => (total.TotalMilliseconds / dag.Count).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="run"/> and adds the CPU its child processes used to <paramref name="childCpu"/>.</summary>
    private static async Task<TimeSpan> Measured(List<TimeSpan> childCpu, Func<Task<TimeSpan>> run)
    {
        var before = ChildCpu.Total();
        var wall = await run();
        childCpu.Add(ChildCpu.Total() - before);
        return wall;
    }

    private static async Task<TimeSpan> RunSluiceAsync(RandomDag dag, int parallel, StateDirectory state, IRunStore store, string root)
    {
        var plan = Plan(dag);
        var options = new RunOptions(parallel, state, ProcessLiveness.CurrentOwner(), RunOptions.DefaultKillGrace, Repository: root,
            DirectExec: RunOptions.DirectExecFrom(Environment.GetEnvironmentVariable(Sluice.Engine.Execution.DirectCommand.OptOutVariable)));
        var request = new RunRequest(plan, new PipelineEvent(EventKind.Push, Branch: "main"), new Dictionary<string, string>(), new Dictionary<string, string>(), root, options);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await new RunExecutor(store, NoObserver.Instance, TimeProvider.System).ExecuteAsync(request, CancellationToken.None, CancellationToken.None);
        watch.Stop();
        EngineCpu.Add(Process.GetCurrentProcess().TotalProcessorTime - cpu);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the benchmark run failed: {result.Error ?? string.Join("; ", result.Jobs.Where(j => j.Reason is not null).Select(j => j.Reason))}");
        }

        return watch.Elapsed;
    }

    /// <summary>CPU time of this process (the engine, not its children) per Sluice run.</summary>
    private static List<TimeSpan> EngineCpu { get; } = [];

    private static async Task<TimeSpan> RunMakeAsync(string makefile, int parallel)
    {
        var info = new ProcessStartInfo("make", ["-s", "-j" + parallel.ToString(CultureInfo.InvariantCulture), "-f", makefile, "all"]) { UseShellExecute = false };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        watch.Stop();
        return process.ExitCode == 0 ? watch.Elapsed : throw new InvalidOperationException("make failed");
    }

    private static PipelinePlan Plan(RandomDag dag)
    {
        var location = new SourceLocation("bench.yml", 1, 1);
        var empty = new Dictionary<string, string>();
        var definitions = Enumerable.Range(0, dag.Count).Select(i => new JobDefinition(
            RandomDag.Name(i), RandomDag.Name(i), location, dag.Needs[i].Select(RandomDag.Name).ToList(), null, null, [], empty, [], null, null,
            RetryPolicy.None, false, null, null, empty, [], null,
            [new StepDefinition(null, "true", "true", null, empty, null, null, false, null, location)], null)).ToList();
        var pipeline = new Pipeline("bench", "bench", "bench.yml", Triggers.None, empty, PipelineDefaults.None, null, definitions);
        var jobs = definitions.Select(d => new PlannedJob(d.Id, d, empty, d.Needs)).ToList();
        return new PipelinePlan(pipeline, true, "benchmark", jobs, [], empty);
    }

    private static int Flag(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private sealed class NoObserver : IRunObserver
    {
        public static readonly NoObserver Instance = new();

        public void OnEvent(RunEvent runEvent)
        {
        }
    }
}
