using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using AttentionGen.Runtime;
using Microsoft.Win32.SafeHandles;

namespace AttentionGen.Checkpoints;

/// <summary>
/// A safetensors file whose header has been read and checked. Every tensor is read from the same snapshot as the
/// header: from the one handle <see cref="Safetensors.Open(string)"/> keeps open (a file moved over the path later
/// is not seen), or from the bytes <see cref="Safetensors.Read(string)"/> and
/// <see cref="Safetensors.Read(Stream, string?)"/> hold in memory. Dispose it to close the handle; reading after
/// that throws <see cref="ObjectDisposedException"/> (an in-memory file stays readable).
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;
    private readonly SafeFileHandle? _handle;
    private readonly byte[]? _bytes;

    internal SafetensorsFile(
        string path, long fileLength, long headerLength,
        IReadOnlyDictionary<string, string> metadata, List<SafetensorsTensorInfo> tensors, SafeFileHandle handle)
        : this(path, fileLength, headerLength, metadata, tensors)
    {
        _handle = handle;
    }

    internal SafetensorsFile(
        string path, long fileLength, long headerLength,
        IReadOnlyDictionary<string, string> metadata, List<SafetensorsTensorInfo> tensors, byte[] bytes)
        : this(path, fileLength, headerLength, metadata, tensors)
    {
        _bytes = bytes;
    }

    private SafetensorsFile(
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

    /// <summary>The file's full path, or the name given to <see cref="Safetensors.Read(Stream, string?)"/>.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes when it was opened.</summary>
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

    /// <summary>Closes the file's handle, if it has one.</summary>
    public void Dispose() => _handle?.Dispose();

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
        throw new KeyNotFoundException($"Safetensors file '{Path}' has no tensor named {MessageText.Name(name)}; it has {Tensors.Count}: {NameList()}.");
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
                    $"Tensor {MessageText.Name(info.Name)} in '{Path}' has dtype {info.DType.HeaderName()}; ReadFloats reads F32, F16, BF16 and F64.");
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
                    $"Tensor {MessageText.Name(info.Name)} in '{Path}' has dtype {info.DType.HeaderName()}; ReadInt64s reads I64, I32, I16, I8, U8, U16, U32, U64 and BOOL.");
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
                            $"Tensor {MessageText.Name(info.Name)} in '{Path}': U64 element {i} is {u}, larger than a 64-bit signed integer holds.");
                    }

                    destination[i] = (long)u;
                    break;
                default:
                    if (b[i] > 1)
                    {
                        throw new InvalidDataException(
                            $"Tensor {MessageText.Name(info.Name)} in '{Path}': BOOL element {i} is byte {b[i]}; booleans are stored as 0 or 1.");
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
                $"The destination holds {length} elements but tensor {MessageText.Name(info.Name)} {info.ShapeText} in '{Path}' has {info.ElementCount}.",
                "destination");
        }
    }

    private int CheckedArrayLength(SafetensorsTensorInfo info, long length)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Tensor {MessageText.Name(info.Name)} {info.ShapeText} in '{Path}' needs {length} array elements, more than one .NET array holds.");
        }

        return (int)length;
    }

    /// <summary>A copy of this file held in memory (the whole file, read through the open handle).</summary>
    internal SafetensorsFile InMemory()
    {
        if (_bytes is not null) return this;
        if (FileLength > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Safetensors file '{Path}' is {FileLength} bytes, more than one .NET array holds; read it with Safetensors.Open instead.");
        }

        var bytes = new byte[FileLength];
        ReadAt(bytes, 0, "the whole file");
        return new SafetensorsFile(Path, FileLength, HeaderLength, Metadata, (List<SafetensorsTensorInfo>)Tensors, bytes);
    }

    private void ReadRaw(SafetensorsTensorInfo info, Span<byte> destination) =>
        ReadAt(destination, DataStart + info.DataBegin, "tensor " + MessageText.Name(info.Name));

    private void ReadAt(Span<byte> destination, long offset, string what)
    {
        if (_bytes is not null)
        {
            _bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
            return;
        }

        ObjectDisposedException.ThrowIf(_handle!.IsClosed, this);
        // The handle keeps the file that was opened even when another is moved over the path; only a writer that
        // changes this very file in place (which no AttentionGen writer does) can change its length.
        long length = RandomAccess.GetLength(_handle);
        if (length != FileLength)
        {
            throw new InvalidDataException(
                $"Safetensors file '{Path}' changed in place while it was read: it was {FileLength} bytes, now it is {length}; reading {what} stopped.");
        }

        Safetensors.ReadExactlyAt(Path, _handle, destination, offset);
    }

    private string NameList()
    {
        const int Shown = 20;
        var shown = new List<string>();
        for (int i = 0; i < Tensors.Count && i < Shown; i++) shown.Add(MessageText.Name(Tensors[i].Name));
        if (Tensors.Count > Shown) shown.Add($"and {Tensors.Count - Shown} more");
        return string.Join(", ", shown);
    }
}
