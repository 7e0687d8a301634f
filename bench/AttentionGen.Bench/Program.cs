using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttentionGen.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(AttentionGen.Bench.ForwardBenchmarks).Assembly).Run(args);
