// Benchmarks are added by feature; see bench/README.md.
if (args is ["release-history", .. var releaseArgs]) return await Sluice.Bench.ReleaseHistoryBenchmark.RunAsync(releaseArgs);
Console.WriteLine("usage: dotnet run --project bench/Sluice.Bench -c Release -- <benchmark>");
return 2;
