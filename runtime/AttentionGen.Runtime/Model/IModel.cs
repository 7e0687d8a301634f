using System;
using System.Collections.Generic;

namespace AttentionGen.Runtime;

/// <summary>What every generated model offers, whatever its layers: its parameters, by name, in one array.</summary>
public interface IModel
{
    /// <summary>Every parameter with its state-dict name, shape and offset into <see cref="Parameters"/>, in declaration order.</summary>
    IReadOnlyList<ParameterInfo> ParameterInfos { get; }

    /// <summary>All parameters, back to back, in <see cref="ParameterInfos"/> order.</summary>
    Span<float> Parameters { get; }

    /// <summary>The largest batch the model's activation arena was sized for.</summary>
    int MaxBatch { get; }
}
