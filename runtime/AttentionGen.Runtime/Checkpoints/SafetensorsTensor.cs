using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// One tensor to write to a safetensors file: its name, dtype, shape and elements. The data is referenced,
/// not copied, so it must not change until the write has finished. The constructors check that the data holds
/// exactly as many elements as the shape says, so a writer never meets a short tensor halfway through a file.
/// </summary>
public sealed class SafetensorsTensor
{
    private readonly ReadOnlyMemory<float> _floats;
    private readonly ReadOnlyMemory<long> _longs;
    private readonly ReadOnlyMemory<int> _ints;
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>An <see cref="SafetensorsDType.F32"/> tensor.</summary>
    /// <param name="name">The tensor's name, e.g. a PyTorch state-dict key.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="data">Exactly the shape's element count, row-major.</param>
    public SafetensorsTensor(string name, IReadOnlyList<long> shape, ReadOnlyMemory<float> data)
        : this(name, SafetensorsDType.F32, shape, data.Length)
    {
        _floats = data;
    }

    /// <summary>An <see cref="SafetensorsDType.I64"/> tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="data">Exactly the shape's element count, row-major.</param>
    public SafetensorsTensor(string name, IReadOnlyList<long> shape, ReadOnlyMemory<long> data)
        : this(name, SafetensorsDType.I64, shape, data.Length)
    {
        _longs = data;
    }

    /// <summary>An <see cref="SafetensorsDType.I32"/> tensor.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="data">Exactly the shape's element count, row-major.</param>
    public SafetensorsTensor(string name, IReadOnlyList<long> shape, ReadOnlyMemory<int> data)
        : this(name, SafetensorsDType.I32, shape, data.Length)
    {
        _ints = data;
    }

    private SafetensorsTensor(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, long elementsGiven)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        DType = dtype;
        var dims = new long[shape.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[i];
            if (dims[i] < 0)
            {
                throw new ArgumentException(
                    $"Tensor {MessageText.Name(name)}: dimension {i} of shape [{string.Join(", ", shape)}] is {dims[i]}; dimensions must be 0 or more.",
                    nameof(shape));
            }

            try
            {
                count = checked(count * dims[i]);
            }
            catch (OverflowException)
            {
                throw new ArgumentException(
                    $"Tensor {MessageText.Name(name)}: shape [{string.Join(", ", shape)}] has more elements than a 64-bit count holds.", nameof(shape));
            }
        }

        if (elementsGiven != count)
        {
            throw new ArgumentException(
                $"Tensor {MessageText.Name(name)}: shape [{string.Join(", ", dims)}] needs {count} elements but the data holds {elementsGiven}.",
                "data");
        }

        Shape = dims;
        ElementCount = count;
        ByteLength = count * dtype.ElementSize();
    }

    private SafetensorsTensor(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> littleEndianBytes, long elements)
        : this(name, dtype, shape, elements)
    {
        _bytes = littleEndianBytes;
    }

    /// <summary>
    /// A tensor of any dtype from its bytes, already in the file's layout (row-major, little-endian).
    /// </summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="dtype">The element type the bytes encode.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="littleEndianBytes">Exactly the shape's element count times <paramref name="dtype"/>'s element size.</param>
    public static SafetensorsTensor FromBytes(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> littleEndianBytes)
    {
        int size = dtype.ElementSize();
        if (littleEndianBytes.Length % size != 0)
        {
            throw new ArgumentException(
                $"Tensor {MessageText.Name(name)}: {littleEndianBytes.Length} bytes is not a whole number of {dtype.HeaderName()} elements ({size} bytes each).",
                nameof(littleEndianBytes));
        }

        return new SafetensorsTensor(name, dtype, shape, littleEndianBytes, littleEndianBytes.Length / size);
    }

    /// <summary>The tensor's name in the header.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount { get; }

    /// <summary>Bytes the tensor takes in the file.</summary>
    public long ByteLength { get; }

    /// <summary>Writes the elements in the file's layout.</summary>
    internal void WriteData(Stream stream)
    {
        if (!_bytes.IsEmpty || ByteLength == 0)
        {
            stream.Write(_bytes.Span);
        }
        else if (DType == SafetensorsDType.F32)
        {
            WriteLittleEndian(stream, _floats.Span, static (d, v) => BinaryPrimitives.WriteSingleLittleEndian(d, v));
        }
        else if (DType == SafetensorsDType.I64)
        {
            WriteLittleEndian(stream, _longs.Span, static (d, v) => BinaryPrimitives.WriteInt64LittleEndian(d, v));
        }
        else
        {
            WriteLittleEndian(stream, _ints.Span, static (d, v) => BinaryPrimitives.WriteInt32LittleEndian(d, v));
        }
    }

    private delegate void ElementWriter<T>(Span<byte> destination, T value);

    private static void WriteLittleEndian<T>(Stream stream, ReadOnlySpan<T> data, ElementWriter<T> write)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }

        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        Span<byte> buffer = stackalloc byte[4096];
        int perChunk = buffer.Length / size;
        for (int start = 0; start < data.Length; start += perChunk)
        {
            int n = Math.Min(perChunk, data.Length - start);
            for (int i = 0; i < n; i++)
            {
                write(buffer.Slice(i * size, size), data[start + i]);
            }

            stream.Write(buffer[..(n * size)]);
        }
    }
}
