using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Checkpoints;
using AttentionGen.Training;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>
/// A load while another thread keeps replacing the file reads one file or the other, never a mix: every saved file
/// has all its weights set to one constant of its own, so a load that mixed two files has two values.
/// </summary>
public class ConcurrentReplaceTests
{
    public static TheoryData<string> Loaders => new() { "Checkpoint.LoadWeights", "TrainingCheckpoint.LoadWeights", "Safetensors.Read" };

    [Theory]
    [MemberData(nameof(Loaders))]
    public async Task EveryLoadIsEntirelyOneFile(string loader)
    {
        using var folder = new TempFolder();
        string path = folder.File("replaced.safetensors");
        Checkpoint.SaveWeights(new ManyTensorModel(1f), path);

        using var stop = new CancellationTokenSource();
        int saves = 0;
        var writer = Task.Run(() =>
        {
            var model = new ManyTensorModel(0f);
            for (int k = 2; !stop.IsCancellationRequested; k++)
            {
                model.Parameters.Fill(k);
                Checkpoint.SaveWeights(model, path);
                Interlocked.Increment(ref saves);
            }
        });

        try
        {
            var target = new ManyTensorModel(0f);
            var seen = new HashSet<float>();
            var clock = Stopwatch.StartNew();
            int loads = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(2) || loads < 50 || seen.Count < 3)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"only {loads} loads and {saves} saves in a minute");
                float[] values = Load(loader, target, path);
                float first = values[0];
                int mixed = Array.FindIndex(values, v => v != first);
                Assert.True(mixed < 0, $"load {loads} mixed two files: element 0 is {first}, element {mixed} is {(mixed < 0 ? 0 : values[mixed])}");
                seen.Add(first);
                loads++;
            }
        }
        finally
        {
            stop.Cancel();
            await writer;
        }
    }

    private static float[] Load(string loader, ManyTensorModel target, string path)
    {
        switch (loader)
        {
            case "Checkpoint.LoadWeights":
                Checkpoint.LoadWeights(target, path);
                return target.Parameters.ToArray();
            case "TrainingCheckpoint.LoadWeights":
                TrainingCheckpoint.LoadWeights(target, path);
                return target.Parameters.ToArray();
            default:
                var file = Safetensors.Read(path);
                var values = new List<float>();
                foreach (var name in file.Names) values.AddRange(file.ReadFloats(name));
                return values.ToArray();
        }
    }

    /// <summary>Many tensors, so a reader that reopened the file for each would often see the file change in between.</summary>
    private sealed class ManyTensorModel : IModel
    {
        private const int Tensors = 64;
        private const int Size = 256;
        private readonly float[] _parameters = new float[Tensors * Size];
        private readonly float[] _gradients = new float[Tensors * Size];

        public ManyTensorModel(float value)
        {
            Array.Fill(_parameters, value);
            var infos = new List<ParameterInfo>();
            for (int i = 0; i < Tensors; i++) infos.Add(new ParameterInfo($"layers.{i}.weight", [16, 16], i * Size));
            ParameterInfos = infos;
        }

        public IReadOnlyList<ParameterInfo> ParameterInfos { get; }

        public bool IsInferenceOnly => false;

        public Span<float> Parameters => _parameters;

        public Span<float> Gradients => _gradients;

        public int MaxBatch => 1;

        public void ZeroGradients() => Array.Clear(_gradients);

        public void Backward(ReadOnlySpan<float> outputGradient) =>
            throw new NotSupportedException("This model only holds parameters for checkpoint tests.");
    }
}
