using System;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Element types a safetensors header can name. Each member's header spelling is given by
/// <see cref="SafetensorsDTypes.HeaderName"/>; every type here can be listed and inspected, and
/// <see cref="SafetensorsFile"/> converts the ones its read methods document.
/// </summary>
public enum SafetensorsDType
{
    /// <summary><c>BOOL</c>: one byte, 0 or 1.</summary>
    Bool,

    /// <summary><c>U8</c>: unsigned 8-bit integer.</summary>
    U8,

    /// <summary><c>I8</c>: signed 8-bit integer.</summary>
    I8,

    /// <summary><c>F8_E5M2</c>: 8-bit float with 5 exponent bits (listed, not converted).</summary>
    F8E5M2,

    /// <summary><c>F8_E4M3</c>: 8-bit float with 4 exponent bits (listed, not converted).</summary>
    F8E4M3,

    /// <summary><c>I16</c>: signed 16-bit integer.</summary>
    I16,

    /// <summary><c>U16</c>: unsigned 16-bit integer.</summary>
    U16,

    /// <summary><c>F16</c>: IEEE 754 half precision.</summary>
    F16,

    /// <summary><c>BF16</c>: bfloat16, the top 16 bits of an IEEE single.</summary>
    BF16,

    /// <summary><c>I32</c>: signed 32-bit integer.</summary>
    I32,

    /// <summary><c>U32</c>: unsigned 32-bit integer.</summary>
    U32,

    /// <summary><c>F32</c>: IEEE 754 single precision.</summary>
    F32,

    /// <summary><c>F64</c>: IEEE 754 double precision.</summary>
    F64,

    /// <summary><c>I64</c>: signed 64-bit integer.</summary>
    I64,

    /// <summary><c>U64</c>: unsigned 64-bit integer.</summary>
    U64,
}

/// <summary>Header spellings and element sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    private static readonly string[] Names =
        ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"];

    /// <summary>The dtype as a safetensors header spells it, e.g. <c>F32</c> or <c>BF16</c>.</summary>
    public static string HeaderName(this SafetensorsDType dtype)
    {
        int index = (int)dtype;
        if ((uint)index >= (uint)Names.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, $"{(int)dtype} is not a {nameof(SafetensorsDType)}.");
        }

        return Names[index];
    }

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool or SafetensorsDType.U8 or SafetensorsDType.I8
            or SafetensorsDType.F8E5M2 or SafetensorsDType.F8E4M3 => 1,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 4,
        SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, $"{(int)dtype} is not a {nameof(SafetensorsDType)}."),
    };

    /// <summary>Parses a header spelling (case-sensitive, as the format requires); false for anything else.</summary>
    public static bool TryParse(string? headerName, out SafetensorsDType dtype)
    {
        int index = headerName is null ? -1 : Array.IndexOf(Names, headerName);
        dtype = (SafetensorsDType)Math.Max(index, 0);
        return index >= 0;
    }
}
