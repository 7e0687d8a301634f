using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttentionGen.Bench -- --filter '*'
// dotnet run -c Release --project bench/AttentionGen.Bench -- backends [rounds] [calls] [--threads 1,2] [--pytorch 1x1,2x1,1x2,2x2 | --no-pytorch] [--only a,b] [--skip a,b] [--no-memory]   (native, TorchSharp and PyTorch side by side, see bench/README.md)
// dotnet run -c Release --project bench/AttentionGen.Bench -- profile "W2 training step" [seconds]   (one row, native only, in a loop: for perf record and quick timings)
// dotnet run -c Release --project bench/AttentionGen.Bench -- sgemm [threshold]   (side by side, see bench/README.md)
if (args.Length > 0 && args[0] == "backends")
{
    return AttentionGen.Bench.Backends.BackendComparison.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "profile")
{
    return AttentionGen.Bench.Backends.NativeProfile.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "sgemm")
{
    return AttentionGen.Bench.Sgemm.SideBySide.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(AttentionGen.Bench.ForwardBenchmarks).Assembly).Run(args);
return 0;
