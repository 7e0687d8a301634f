using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttentionGen.Bench -- --filter '*'
// dotnet run -c Release --project bench/AttentionGen.Bench -- backends [rounds] [calls]   (native versus TorchSharp)
if (args.Length > 0 && args[0] == "backends")
{
    AttentionGen.Bench.Backends.BackendComparison.Run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(AttentionGen.Bench.ForwardBenchmarks).Assembly).Run(args);
