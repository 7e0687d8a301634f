using System.Collections.Generic;

namespace AttentionGen.Checkpoints;

/// <summary>What a safetensors header says about one tensor.</summary>
public sealed class SafetensorsTensorInfo
{
    internal SafetensorsTensorInfo(string name, SafetensorsDType dtype, long[] shape, long elementCount, long begin, long end)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        ElementCount = elementCount;
        DataBegin = begin;
        DataEnd = end;
    }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount { get; }

    /// <summary>First byte of the tensor, counted from the first byte after the header.</summary>
    public long DataBegin { get; }

    /// <summary>One past the tensor's last byte, counted from the first byte after the header.</summary>
    public long DataEnd { get; }

    /// <summary>Bytes the tensor takes: <see cref="DataEnd"/> − <see cref="DataBegin"/>.</summary>
    public long ByteLength => DataEnd - DataBegin;

    /// <summary>The shape as PyTorch prints it, e.g. <c>[4, 3]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DType.HeaderName()} {ShapeText}";
}
