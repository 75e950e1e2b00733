using Sluice.Bench;

// Each benchmark prints its figures and a ratio or target verdict; see bench/README.md.
return args.FirstOrDefault() switch
{
    "pipeline" => PipelineBenchmark.Run(args[1..]),
    "release-history" => await ReleaseHistoryBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Sluice.Bench -- <benchmark> [args]");
    Console.Error.WriteLine("  pipeline [jobs]   parse + validate + plan a generated pipeline (default 1000 jobs); target median <= 20 ms");
    Console.Error.WriteLine("  release-history [commits] [runs]   sluice release --dry-run over a generated history (default 100000) vs git log; target <= 1.5x");
    return 2;
}
