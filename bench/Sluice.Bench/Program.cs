using Sluice.Bench.RunDag;

// Benchmarks are added by feature; each is a sub-command.
return args.FirstOrDefault() switch
{
    "run-dag" => await RunDagBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run --project bench/Sluice.Bench -c Release -- <benchmark>");
    Console.WriteLine("  run-dag [--jobs 200] [--seed 42] [-j 2] [--repeat 3]   Sluice vs make -jN on the same random DAG of `true` jobs");
    return 2;
}
