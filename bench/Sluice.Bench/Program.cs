<<<<<<< HEAD
using Sluice.Bench;

// Each benchmark prints its figures and a ratio or target verdict; see bench/README.md.
return args.FirstOrDefault() switch
{
    "pipeline" => PipelineBenchmark.Run(args[1..]),
=======
using Sluice.Bench.RunDag;

// Benchmarks are added by feature; each is a sub-command.
return args.FirstOrDefault() switch
{
    "run-dag" => await RunDagBenchmark.RunAsync(args[1..]),
>>>>>>> execution
    _ => Usage(),
};

static int Usage()
{
<<<<<<< HEAD
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Sluice.Bench -- <benchmark> [args]");
    Console.Error.WriteLine("  pipeline [jobs]   parse + validate + plan a generated pipeline (default 1000 jobs); target median <= 20 ms");
=======
    Console.WriteLine("usage: dotnet run --project bench/Sluice.Bench -c Release -- <benchmark>");
    Console.WriteLine("  run-dag [--jobs 200] [--seed 42] [-j 2] [--repeat 3]   Sluice vs make -jN on the same random DAG of `true` jobs");
>>>>>>> execution
    return 2;
}
