namespace AttentionGen.Runtime;

/// <summary>
/// A tensor dimension carried by a type, so that a kernel generic over it is compiled once per size with the size as
/// a constant. The .NET JIT compiles a generic method separately for every value type it is instantiated with, and
/// inlines <see cref="Value"/> of a type that returns a literal: the loop bounds, row strides and divisors of such a
/// kernel become constants in its compiled code instead of values read on every row (bench/disassembly shows both
/// forms of LayerNorm's row kernel). Generated models declare one type per size their layers use (<c>Size192 : IDimension</c> returning 192) and
/// call the kernels' generic overloads with it; <see cref="RuntimeDimension"/> is the general path, the size read
/// from a field.
/// </summary>
public interface IDimension
{
    /// <summary>The size.</summary>
    int Value { get; }
}

/// <summary>A dimension known only at run time: the kernels' general path.</summary>
public readonly struct RuntimeDimension : IDimension
{
    /// <summary>Wraps <paramref name="value"/>.</summary>
    public RuntimeDimension(int value) => Value = value;

    /// <inheritdoc/>
    public int Value { get; }
}
