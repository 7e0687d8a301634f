using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AttentionGen.Runtime;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>A hand-written model with PyTorch-style parameter names, independent of the generator.</summary>
internal sealed class TinyModel : IModel
{
    private readonly float[] _parameters = new float[4 * 3 + 2 * 3 + 2];
    private readonly float[] _gradients = new float[4 * 3 + 2 * 3 + 2];

    public TinyModel(float start = 0f)
    {
        for (int i = 0; i < _parameters.Length; i++) _parameters[i] = start + 0.25f * i - 1.5f;
    }

    public IReadOnlyList<ParameterInfo> ParameterInfos { get; } =
    [
        new ParameterInfo("embed.weight", [4, 3], 0),
        new ParameterInfo("dense.weight", [2, 3], 12),
        new ParameterInfo("dense.bias", [2], 18),
    ];

    public Span<float> Parameters => _parameters;

    public Span<float> Gradients => _gradients;

    public int MaxBatch => 1;

    public bool IsInferenceOnly => false;

    public void ZeroGradients() => Array.Clear(_gradients);

    /// <summary>Checkpoints never run a model; a backward pass has no place here.</summary>
    public void Backward(ReadOnlySpan<float> outputGradient) =>
        throw new NotSupportedException("TinyModel only holds parameters for checkpoint tests.");

    public float[] Snapshot() => (float[])_parameters.Clone();

    /// <summary>Values whose bits a lossy path would change: signed zero, subnormals, NaN payloads, infinities.</summary>
    public static TinyModel WithAwkwardValues()
    {
        var model = new TinyModel();
        var p = model._parameters;
        p[0] = -0f;
        p[1] = float.Epsilon;
        p[2] = BitConverter.Int32BitsToSingle(0x7FC0_1234);
        p[3] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFA0_0001));
        p[4] = float.PositiveInfinity;
        p[5] = float.NegativeInfinity;
        p[6] = float.MaxValue;
        p[7] = 1f / 3f;
        p[19] = -1e-38f;
        return model;
    }
}

/// <summary>A folder of its own for each test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "attentiongen-checkpoints-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] TemporaryFiles() => Directory.GetFiles(Path, "*.tmp-*");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Builds safetensors bytes by hand, correct or not.</summary>
internal static class RawSafetensors
{
    /// <summary>Length prefix (the header's UTF-8 byte count, unpadded), the header, then the data.</summary>
    public static byte[] Build(string headerJson, byte[] data) => Build(Encoding.UTF8.GetBytes(headerJson), data);

    public static byte[] Build(byte[] header, byte[] data) => Build((ulong)header.Length, header, data);

    public static byte[] Build(ulong declaredHeaderLength, byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static ulong HeaderLength(byte[] file) => BinaryPrimitives.ReadUInt64LittleEndian(file);

    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, checked((int)HeaderLength(file)));
}

/// <summary>Memory whose span cannot be taken: stands in for a write that fails partway through a file.</summary>
internal sealed class FailingMemory(int length) : MemoryManager<float>
{
    public override Span<float> GetSpan() => throw new IOException("simulated failure while writing tensor data");

    public override Memory<float> Memory => CreateMemory(length);

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
