using Sluice.Bench;
using Sluice.Bench.RunDag;

// Each benchmark prints its figures and a ratio or target verdict; see bench/README.md.
return args.FirstOrDefault() switch
{
    "pipeline" => PipelineBenchmark.Run(args[1..]),
    "release-history" => await ReleaseHistoryBenchmark.RunAsync(args[1..]),
    "run-dag" => await RunDagBenchmark.RunAsync(args[1..]),
    "webhooks" => await WebhookBenchmark.RunAsync(args[1..]),
    "job-queue" => await JobQueueBenchmark.RunAsync(args[1..]),
    "dispatch" => await DispatchBenchmark.RunAsync(args[1..]),
    "step-groups" => await StepGroupsBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Sluice.Bench -- <benchmark> [args]");
    Console.Error.WriteLine("  pipeline [jobs]   parse + validate + plan a generated pipeline (default 1000 jobs); target median <= 20 ms");
    Console.Error.WriteLine("  release-history [commits] [runs]   sluice release --dry-run over a generated history (default 100000) vs git log; target <= 1.5x");
    Console.Error.WriteLine("  run-dag [--jobs 200] [--seed 42] [-j 2] [--repeat 3]   the engine vs make -jN on the same random DAG of `true` jobs; target <= 1.2x");
    Console.Error.WriteLine("  webhooks [--seconds 30] [--connections 8] [--execute]   signed push deliveries against sluice serve; target >= 2,000 accepted/s, p99 < 25 ms");
    Console.Error.WriteLine("  job-queue [--tickets 2000] [--claimers 8] [--wakes 50] [--postgres URL]   claims under contention and wake-up latency, SQLite and PostgreSQL; target wake p99 < 50 ms");
    Console.Error.WriteLine("  dispatch [--agents 4] [--capacity 4] [--runs 8] [--jobs 50]   agent mode: `true` jobs through the job queue to agents over HTTP; target >= 200 jobs/s, p99 queue latency < 50 ms");
    Console.Error.WriteLine("  step-groups [--steps 20000]   what `sluice agent` adds per step so its steps die with it (watchdog pipe, ledger); target < 250 us CPU");
    return 2;
}
