using System;
using System.Collections.Generic;

namespace AttentionGen.Runtime;

/// <summary>
/// One parameter of a generated model: its PyTorch state-dict name (e.g. <c>encoder.layers.0.linear1.weight</c>),
/// its shape in PyTorch's layout, and where it lives in the model's parameter array.
/// </summary>
public sealed class ParameterInfo
{
    /// <summary>Describes a parameter.</summary>
    public ParameterInfo(string name, int[] shape, int offset)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Shape = shape ?? throw new ArgumentNullException(nameof(shape));
        Offset = offset;
        long length = 1;
        foreach (var dimension in shape) length *= dimension;
        Length = checked((int)length);
    }

    /// <summary>The state-dict name.</summary>
    public string Name { get; }

    /// <summary>The shape, outermost axis first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>First element in the model's parameter array.</summary>
    public int Offset { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override string ToString() => Name + " (" + string.Join(", ", Shape) + ")";
}
