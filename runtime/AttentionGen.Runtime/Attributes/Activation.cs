namespace AttentionGen;

/// <summary>Element-wise activation functions. Names follow PyTorch.</summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None = 0,

    /// <summary><c>max(0, x)</c>, PyTorch's <c>nn.ReLU</c>.</summary>
    Relu = 1,

    /// <summary>Exact GELU, <c>x·Φ(x)</c>: PyTorch's <c>nn.GELU()</c> default.</summary>
    Gelu = 2,

    /// <summary>GELU's tanh approximation, PyTorch's <c>nn.GELU(approximate="tanh")</c>, as GPT-2 uses.</summary>
    GeluTanh = 3,
}
