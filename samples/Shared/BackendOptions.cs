using System;
using System.Globalization;
using TorchSharp;

namespace AttentionGen.Samples;

/// <summary>
/// The command line the samples share: an optional count (epochs or steps), <c>--backend native|torch</c> and, for
/// TorchSharp, <c>--device cpu|cuda[:n]</c> (CUDA only where TorchSharp sees a CUDA device).
/// </summary>
public sealed record BackendOptions(int Count, bool Torch, string DeviceName)
{
    public const string Usage = "[count] [--backend native|torch] [--device cpu|cuda[:n]]";

    public static BackendOptions Parse(string[] args, int defaultCount)
    {
        int count = defaultCount;
        bool torch = false;
        string device = "cpu";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--backend":
                    string backend = Value(args, ref i);
                    torch = backend switch
                    {
                        "native" => false,
                        "torch" => true,
                        _ => throw new ArgumentException($"--backend is \"{backend}\"; use native (AttentionGen's own kernels) or torch (TorchSharp)."),
                    };
                    break;
                case "--device":
                    device = Value(args, ref i);
                    break;
                default:
                    if (!int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
                        throw new ArgumentException($"\"{args[i]}\" is neither a positive count nor an option. Usage: {Usage}");
                    break;
            }
        }
        if (!torch && device != "cpu")
            throw new ArgumentException($"--device {device} needs --backend torch: the native backend runs on the CPU.");
        var options = new BackendOptions(count, torch, device);
        if (torch) options.TorchDevice(); // a device TorchSharp cannot use is a command-line error, reported here
        return options;
    }

    /// <summary>The TorchSharp device, checked: CUDA only when TorchSharp sees one.</summary>
    public torch.Device TorchDevice()
    {
        if (DeviceName.StartsWith("cuda", StringComparison.Ordinal) && !TorchSharp.torch.cuda.is_available())
            throw new ArgumentException($"--device {DeviceName}: TorchSharp sees no CUDA device here (a CUDA build of libtorch, such as TorchSharp-cuda-linux, and a GPU are needed); use --device cpu.");
        if (DeviceName != "cpu" && !DeviceName.StartsWith("cuda", StringComparison.Ordinal))
            throw new ArgumentException($"--device is \"{DeviceName}\"; use cpu or cuda[:n].");
        return TorchSharp.torch.device(DeviceName);
    }

    /// <summary>One line saying which backend runs, for the sample's output.</summary>
    public string Describe() => Torch
        ? $"backend: TorchSharp {typeof(torch).Assembly.GetName().Version!.ToString(3)} (libtorch) on {DeviceName}, {TorchSharp.torch.get_num_threads()} threads"
        : $"backend: native (AttentionGen's generated code and kernels) on the CPU, {Environment.ProcessorCount} cores";

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
        return args[++i];
    }
}
