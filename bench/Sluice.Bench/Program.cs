// Benchmarks are added by feature; see bench/README.md.
Console.WriteLine("usage: dotnet run --project bench/Sluice.Bench -c Release -- <benchmark>");
return 2;
