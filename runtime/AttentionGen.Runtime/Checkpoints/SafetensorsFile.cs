using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AttentionGen.Checkpoints;

/// <summary>
/// A safetensors file whose header has been read and checked by <see cref="Safetensors.Read"/>. The file is not
/// kept open: each read method opens it, reads one tensor's bytes and closes it again, after checking that the
/// file still has the length it had when the header was read.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    internal SafetensorsFile(
        string path, long fileLength, long headerLength,
        IReadOnlyDictionary<string, string> metadata, List<SafetensorsTensorInfo> tensors)
    {
        Path = path;
        FileLength = fileLength;
        HeaderLength = headerLength;
        Metadata = metadata;
        Tensors = tensors;
        var names = new string[tensors.Count];
        _byName = new Dictionary<string, SafetensorsTensorInfo>(tensors.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = tensors[i].Name;
            _byName.Add(tensors[i].Name, tensors[i]);
        }

        Names = names;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes when the header was read.</summary>
    public long FileLength { get; }

    /// <summary>Length of the JSON header (the number in the first 8 bytes), padding included.</summary>
    public long HeaderLength { get; }

    /// <summary>Offset in the file of the first data byte: 8 + <see cref="HeaderLength"/>.</summary>
    public long DataStart => 8 + HeaderLength;

    /// <summary>The <c>__metadata__</c> strings; empty when the header has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor names in header order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every tensor's header entry, in header order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>Whether the file has a tensor with this exact (case-sensitive) name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry of a tensor, or false when the file has none by that name.</summary>
    public bool TryGetInfo(string name, out SafetensorsTensorInfo info)
    {
        bool found = _byName.TryGetValue(name, out var value);
        info = value!;
        return found;
    }

    /// <summary>The header entry of a tensor: dtype, shape and where its bytes are.</summary>
    /// <exception cref="KeyNotFoundException">The file has no tensor by that name.</exception>
    public SafetensorsTensorInfo Info(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var info)) return info;
        throw new KeyNotFoundException($"Safetensors file '{Path}' has no tensor named '{name}'; it has {Tensors.Count}: {NameList()}.");
    }

    /// <summary>A tensor's bytes exactly as stored (row-major, little-endian).</summary>
    public byte[] ReadBytes(string name)
    {
        var info = Info(name);
        var bytes = new byte[CheckedArrayLength(info, info.ByteLength)];
        ReadRaw(info, bytes);
        return bytes;
    }

    /// <summary>
    /// A floating-point tensor as floats: <c>F32</c> as stored, <c>F16</c> and <c>BF16</c> widened exactly,
    /// <c>F64</c> rounded to the nearest float.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor has another dtype.</exception>
    public float[] ReadFloats(string name)
    {
        var info = Info(name);
        var result = new float[CheckedArrayLength(info, info.ElementCount)];
        ReadFloats(info, result);
        return result;
    }

    /// <summary>As <see cref="ReadFloats(string)"/>, into <paramref name="destination"/>, which must hold exactly the tensor's element count.</summary>
    public void ReadFloats(string name, Span<float> destination) => ReadFloats(Info(name), destination);

    /// <summary>
    /// An integer or boolean tensor as 64-bit integers: <c>I64</c>, <c>I32</c>, <c>I16</c>, <c>I8</c>, <c>U8</c>,
    /// <c>U16</c>, <c>U32</c>, <c>U64</c> (values up to <see cref="long.MaxValue"/>) and <c>BOOL</c> (0 or 1).
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor has another dtype.</exception>
    /// <exception cref="InvalidDataException">A <c>U64</c> value does not fit, or a <c>BOOL</c> byte is neither 0 nor 1.</exception>
    public long[] ReadInt64s(string name)
    {
        var info = Info(name);
        var result = new long[CheckedArrayLength(info, info.ElementCount)];
        ReadInt64s(info, result);
        return result;
    }

    /// <summary>As <see cref="ReadInt64s(string)"/>, into <paramref name="destination"/>, which must hold exactly the tensor's element count.</summary>
    public void ReadInt64s(string name, Span<long> destination) => ReadInt64s(Info(name), destination);

    private void ReadFloats(SafetensorsTensorInfo info, Span<float> destination)
    {
        CheckDestination(info, destination.Length);
        switch (info.DType)
        {
            case SafetensorsDType.F32 when BitConverter.IsLittleEndian:
                ReadRaw(info, MemoryMarshal.AsBytes(destination));
                return;
            case SafetensorsDType.F32:
            case SafetensorsDType.F16:
            case SafetensorsDType.BF16:
            case SafetensorsDType.F64:
                break;
            default:
                throw new InvalidOperationException(
                    $"Tensor '{info.Name}' in '{Path}' has dtype {info.DType.HeaderName()}; ReadFloats reads F32, F16, BF16 and F64.");
        }

        var bytes = new byte[CheckedArrayLength(info, info.ByteLength)];
        ReadRaw(info, bytes);
        ReadOnlySpan<byte> b = bytes;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = info.DType switch
            {
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(b.Slice(4 * i)),
                SafetensorsDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(b.Slice(2 * i)),
                SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(2 * i)) << 16),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(b.Slice(8 * i)),
            };
        }
    }

    private void ReadInt64s(SafetensorsTensorInfo info, Span<long> destination)
    {
        CheckDestination(info, destination.Length);
        switch (info.DType)
        {
            case SafetensorsDType.I64 when BitConverter.IsLittleEndian:
                ReadRaw(info, MemoryMarshal.AsBytes(destination));
                return;
            case SafetensorsDType.I64:
            case SafetensorsDType.I32:
            case SafetensorsDType.I16:
            case SafetensorsDType.I8:
            case SafetensorsDType.U8:
            case SafetensorsDType.U16:
            case SafetensorsDType.U32:
            case SafetensorsDType.U64:
            case SafetensorsDType.Bool:
                break;
            default:
                throw new InvalidOperationException(
                    $"Tensor '{info.Name}' in '{Path}' has dtype {info.DType.HeaderName()}; ReadInt64s reads I64, I32, I16, I8, U8, U16, U32, U64 and BOOL.");
        }

        var bytes = new byte[CheckedArrayLength(info, info.ByteLength)];
        ReadRaw(info, bytes);
        ReadOnlySpan<byte> b = bytes;
        for (int i = 0; i < destination.Length; i++)
        {
            switch (info.DType)
            {
                case SafetensorsDType.I64: destination[i] = BinaryPrimitives.ReadInt64LittleEndian(b.Slice(8 * i)); break;
                case SafetensorsDType.I32: destination[i] = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(4 * i)); break;
                case SafetensorsDType.I16: destination[i] = BinaryPrimitives.ReadInt16LittleEndian(b.Slice(2 * i)); break;
                case SafetensorsDType.I8: destination[i] = (sbyte)b[i]; break;
                case SafetensorsDType.U8: destination[i] = b[i]; break;
                case SafetensorsDType.U16: destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(2 * i)); break;
                case SafetensorsDType.U32: destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(4 * i)); break;
                case SafetensorsDType.U64:
                    ulong u = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(8 * i));
                    if (u > long.MaxValue)
                    {
                        throw new InvalidDataException(
                            $"Tensor '{info.Name}' in '{Path}': U64 element {i} is {u}, larger than a 64-bit signed integer holds.");
                    }

                    destination[i] = (long)u;
                    break;
                default:
                    if (b[i] > 1)
                    {
                        throw new InvalidDataException(
                            $"Tensor '{info.Name}' in '{Path}': BOOL element {i} is byte {b[i]}; booleans are stored as 0 or 1.");
                    }

                    destination[i] = b[i];
                    break;
            }
        }
    }

    private void CheckDestination(SafetensorsTensorInfo info, int length)
    {
        if (length != info.ElementCount)
        {
            throw new ArgumentException(
                $"The destination holds {length} elements but tensor '{info.Name}' {info.ShapeText} in '{Path}' has {info.ElementCount}.",
                "destination");
        }
    }

    private int CheckedArrayLength(SafetensorsTensorInfo info, long length)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Tensor '{info.Name}' {info.ShapeText} in '{Path}' needs {length} array elements, more than one .NET array holds.");
        }

        return (int)length;
    }

    private void ReadRaw(SafetensorsTensorInfo info, Span<byte> destination)
    {
        using SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length != FileLength)
        {
            throw new InvalidDataException(
                $"Safetensors file '{Path}' changed since its header was read: it was {FileLength} bytes, now it is {length}.");
        }

        long offset = DataStart + info.DataBegin;
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new InvalidDataException(
                    $"Safetensors file '{Path}' ended at byte {offset} while reading tensor '{info.Name}'.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private string NameList()
    {
        const int Shown = 20;
        var shown = new List<string>();
        for (int i = 0; i < Tensors.Count && i < Shown; i++) shown.Add("'" + Tensors[i].Name + "'");
        if (Tensors.Count > Shown) shown.Add($"and {Tensors.Count - Shown} more");
        return string.Join(", ", shown);
    }
}
