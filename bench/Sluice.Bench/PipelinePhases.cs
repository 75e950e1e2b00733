using System.Diagnostics;
using System.Globalization;
using Sluice.Core.Diagnostics;
using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Core.Yaml;

namespace Sluice.Bench;

/// <summary>
/// Where the time of one parse + validate + plan call goes: the YAML tree, the model parse with its
/// validation (expressions, keys, globs, job graph), and the plan. Medians, each phase timed on its own.
/// </summary>
internal static class PipelinePhases
{
    public static void Print(string yaml, PipelineEvent ev)
    {
        var pipeline = PipelineParser.Parse("bench.yml", yaml).Pipeline!;
        var yamlTree = Median(() => YamlTreeReader.Read("bench.yml", yaml, new List<Diagnostic>()));
        var parse = Median(() => PipelineParser.Parse("bench.yml", yaml));
        var plan = Median(() => Planner.PlanPipeline(pipeline, ev));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = PipelineParser.Parse("bench.yml", yaml);
        Planner.PlanPipeline(result.Pipeline!, ev);
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phases (medians): YAML tree {yamlTree:F2} ms, model parse + validation {parse - yamlTree:F2} ms (parse total {parse:F2}), plan {plan:F2} ms; {allocated:F1} MiB allocated per call"));
    }

    private static double Median(Action action)
    {
        for (var i = 0; i < 10; i++)
        {
            action();
        }

        var samples = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
