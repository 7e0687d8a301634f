using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AttentionGen.Runtime;
using Microsoft.Win32.SafeHandles;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// mapping tensor names to <c>{"dtype", "shape", "data_offsets"}</c> (plus an optional <c>"__metadata__"</c>
/// object of strings), then the tensors' bytes, row-major and little-endian.
/// </summary>
public static class Safetensors
{
    /// <summary>The header key that holds the file's string metadata rather than a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers longer than this many bytes are refused as corrupt rather than read into memory.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonWriterOptions HeaderWriterOptions = new()
    {
        // Names such as "a+b" or non-ASCII metadata stay readable; the header is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>
    /// Writes a safetensors file atomically. The tensors go into a new file <c>&lt;name&gt;.tmp-&lt;process id&gt;-&lt;random&gt;</c>
    /// in the same folder, which is flushed to disk and then moved over <paramref name="path"/>; if anything fails the
    /// temporary file is deleted and a file already at <paramref name="path"/> is left as it was. A reader that has
    /// the old file open keeps reading the old file. Before writing, temporary files of the same target that writers
    /// killed mid-write left behind are removed: only names of exactly that form, whose process no longer runs on
    /// this machine and which nobody has written to for ten minutes.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Laid out back to back in this order; names must be unique and not <see cref="MetadataKey"/>.</param>
    /// <param name="metadata">Written as <c>__metadata__</c>, keys in ordinal order, when not null.</param>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] header = BuildHeader(tensors, metadata);
        string fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is null)
        {
            throw new ArgumentException($"'{path}' names a root, not a file.", nameof(path));
        }

        StaleTemporaryFiles.Remove(fullPath);
        string temporary = StaleTemporaryFiles.NewName(fullPath);

        bool created = false;
        try
        {
            // CreateNew: a colliding name fails here instead of overwriting a file this call does not own.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                created = true;
                WriteBody(stream, header, tensors);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            if (created)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Writes safetensors bytes to a stream, from its current position. Everything is checked before the first
    /// byte is written. Not atomic: for files use <see cref="Write(string, IReadOnlyList{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensors">Laid out back to back in this order; names must be unique and not <see cref="MetadataKey"/>.</param>
    /// <param name="metadata">Written as <c>__metadata__</c>, keys in ordinal order, when not null.</param>
    public static void Write(Stream stream, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = BuildHeader(tensors, metadata);
        WriteBody(stream, header, tensors);
    }

    /// <summary>
    /// Opens a safetensors file and reads and checks its header; tensor bytes are read on demand, by the returned
    /// <see cref="SafetensorsFile"/>, through the one handle opened here. That handle is one snapshot: a writer that
    /// replaces the file (as <see cref="Write(string, IReadOnlyList{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>
    /// does, by moving a new file over it) does not change what this file reads, so every tensor comes from the
    /// same file as the header. Dispose the result to close the handle.
    /// </summary>
    /// <param name="path">A regular file; a FIFO, a device or a socket is refused before it is opened, as reading one could block forever.</param>
    /// <exception cref="InvalidDataException">
    /// The path is not a regular file, or the file is not valid safetensors. The message names the file, the tensor
    /// when there is one, and the values at fault: a file shorter than 8 bytes, a header length past the end of the
    /// file or above <see cref="MaxHeaderLength"/>, a header that is not UTF-8 JSON or not an object, a string
    /// escaping a lone UTF-16 surrogate, a duplicate name, an entry without a string <c>dtype</c>, an integer-array
    /// <c>shape</c> and a two-integer <c>data_offsets</c>, an unknown dtype, a negative dimension, offsets ending
    /// before they begin or past the end of the data, a byte length that is not the element count times the dtype
    /// size, tensors whose bytes overlap, or metadata that is not an object of strings. Unknown keys inside an entry
    /// are ignored; gaps between tensors are allowed.
    /// </exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        RegularFile.CheckBeforeOpening(fullPath);
        SafeFileHandle handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            RegularFile.CheckOpened(handle, fullPath);
            long fileLength = RandomAccess.GetLength(handle);
            Span<byte> prefix = stackalloc byte[8];
            if (fileLength >= prefix.Length) ReadExactlyAt(fullPath, handle, prefix, 0);
            var header = new byte[HeaderLength(fullPath, fileLength, prefix)];
            ReadExactlyAt(fullPath, handle, header, 8);
            var (metadata, tensors) = ParseHeader(fullPath, header, fileLength - 8 - header.Length);
            return new SafetensorsFile(fullPath, fileLength, header.Length, metadata, tensors, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a whole safetensors file into memory through one handle and checks its header, as
    /// <see cref="Open(string)"/> does; the returned <see cref="SafetensorsFile"/> holds no file open, and what it
    /// reads is the file as it was when read, whatever happens to the file afterwards. For files larger than memory
    /// allows, use <see cref="Open(string)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Open(string)"/>.</exception>
    public static SafetensorsFile Read(string path)
    {
        using var file = Open(path);
        return file.InMemory();
    }

    /// <summary>
    /// Reads safetensors bytes from <paramref name="stream"/>, from its current position to its end, into memory,
    /// and checks the header as <see cref="Open(string)"/> does.
    /// </summary>
    /// <param name="stream">A readable stream; it need not be seekable, and it is not closed.</param>
    /// <param name="name">What messages call the source, e.g. a URL; "(stream)" when null.</param>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors; see <see cref="Open(string)"/>.</exception>
    public static SafetensorsFile Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "(stream)";
        byte[] bytes;
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        return FromBytes(name, bytes);
    }

    /// <summary>Checks the header of a whole file held in memory.</summary>
    internal static SafetensorsFile FromBytes(string name, byte[] bytes)
    {
        long fileLength = bytes.Length;
        int headerLength = HeaderLength(name, fileLength, bytes.AsSpan(0, (int)Math.Min(8, fileLength)));
        byte[] header = bytes.AsSpan(8, headerLength).ToArray();
        var (metadata, tensors) = ParseHeader(name, header, fileLength - 8 - headerLength);
        return new SafetensorsFile(name, fileLength, headerLength, metadata, tensors, bytes);
    }

    /// <summary>Checks the 8-byte prefix against the file's length and returns the header length it gives.</summary>
    private static int HeaderLength(string path, long fileLength, ReadOnlySpan<byte> prefix)
    {
        if (fileLength < 8)
        {
            throw Invalid(path, $"the file is {fileLength} bytes long, shorter than the 8-byte header length that starts every safetensors file");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw Invalid(path, $"the header length is {headerLength} bytes, more than the {MaxHeaderLength}-byte limit; this is not a safetensors header");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw Invalid(path, $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow the 8-byte length (file length {fileLength})");
        }

        return (int)headerLength;
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a file that ends first was cut short under the reader.</summary>
    internal static void ReadExactlyAt(string path, SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw Invalid(path, $"the file ended at byte {offset} while it was being read; it was cut short under the reader");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i] ?? throw new ArgumentException($"tensors[{i}] is null.", nameof(tensors));
            if (tensor.Name == MetadataKey)
            {
                throw new ArgumentException($"tensors[{i}] is named '{MetadataKey}', which the format reserves for metadata.", nameof(tensors));
            }

            RequireUnicode(tensor.Name, $"tensors[{i}]'s name", nameof(tensors));
            if (!firstIndex.TryAdd(tensor.Name, i))
            {
                throw new ArgumentException(
                    $"Tensor name {MessageText.Name(tensor.Name)} appears twice, at tensors[{firstIndex[tensor.Name]}] and tensors[{i}]; names must be unique.",
                    nameof(tensors));
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, HeaderWriterOptions))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                var keys = new List<string>(metadata.Count);
                foreach (var (key, value) in metadata)
                {
                    if (key is null || value is null)
                    {
                        throw new ArgumentException($"Metadata key {MessageText.Name(key)} has a null key or value; safetensors metadata is strings only.", nameof(metadata));
                    }

                    RequireUnicode(key, "a metadata key", nameof(metadata));
                    RequireUnicode(value, $"the metadata value for key {MessageText.Name(key)}", nameof(metadata));
                    keys.Add(key);
                }

                keys.Sort(StringComparer.Ordinal);
                json.WriteStartObject(MetadataKey);
                foreach (var key in keys) json.WriteString(key, metadata[key]);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.HeaderName());
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset = checked(offset + tensor.ByteLength);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + 7) & ~7;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>
    /// Refuses text with a lone UTF-16 surrogate: it has no UTF-8 form, and the JSON writer would silently put U+FFFD
    /// in its place, so the file would name the tensor differently from what was asked.
    /// </summary>
    private static void RequireUnicode(string text, string what, string parameterName)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException(
                $"{what}, {MessageText.Name(text)}, has a lone UTF-16 surrogate at position {e.Index}, which UTF-8 cannot hold; safetensors headers are UTF-8.",
                parameterName, e);
        }
    }

    private static void WriteBody(Stream stream, byte[] header, IReadOnlyList<SafetensorsTensor> tensors)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var tensor in tensors) tensor.WriteData(stream);
    }

    private static (IReadOnlyDictionary<string, string> Metadata, List<SafetensorsTensorInfo> Tensors) ParseHeader(
        string path, byte[] header, long dataLength)
    {
        int invalidAt = FirstInvalidUtf8(header);
        if (invalidAt >= 0)
        {
            throw Invalid(path, $"the header is not valid UTF-8: byte {invalidAt} of the header (0x{header[invalidAt]:X2}) starts no valid sequence");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, $"the header is a JSON {Kind(root)}, not an object of tensor entries");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            bool sawMetadata = false;
            var tensors = new List<SafetensorsTensorInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                string name = NameOf(path, property, "a tensor name");
                if (!seen.Add(name))
                {
                    throw Invalid(path, name == MetadataKey
                        ? $"'{MetadataKey}' appears twice in the header"
                        : $"tensor {MessageText.Name(name)} appears twice in the header");
                }

                if (name == MetadataKey)
                {
                    sawMetadata = true;
                    ParseMetadata(path, property.Value, metadata);
                }
                else
                {
                    tensors.Add(ParseEntry(path, name, property.Value, dataLength));
                }
            }

            CheckOverlaps(path, tensors);
            IReadOnlyDictionary<string, string> readOnly = sawMetadata ? metadata : new Dictionary<string, string>();
            return (readOnly, tensors);
        }
    }

    private static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"'{MetadataKey}' is a JSON {Kind(value)} ({Raw(value)}), not an object of strings");
        }

        foreach (var entry in value.EnumerateObject())
        {
            string key = NameOf(path, entry, $"a '{MetadataKey}' key");
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(path, $"'{MetadataKey}' value for key {MessageText.Name(key)} is a JSON {Kind(entry.Value)} ({Raw(entry.Value)}), not a string");
            }

            if (!metadata.TryAdd(key, StringOf(path, entry.Value, $"the '{MetadataKey}' value for key {MessageText.Name(key)}")))
            {
                throw Invalid(path, $"'{MetadataKey}' key {MessageText.Name(key)} appears twice");
            }
        }
    }

    private static SafetensorsTensorInfo ParseEntry(string path, string name, JsonElement entry, long dataLength)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: the entry is a JSON {Kind(entry)} ({Raw(entry)}), not an object with dtype, shape and data_offsets");
        }

        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        foreach (var field in entry.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeElement;
            switch (field.Name)
            {
                case "dtype": break;
                case "shape": slot = ref shapeElement; break;
                case "data_offsets": slot = ref offsetsElement; break;
                default: continue;
            }

            if (slot is not null)
            {
                throw Invalid(path, $"tensor {MessageText.Name(name)}: \"{field.Name}\" appears twice in the entry");
            }

            slot = field.Value;
        }

        if (dtypeElement is not { } dtypeValue) throw Invalid(path, $"tensor {MessageText.Name(name)}: the entry has no \"dtype\"");
        if (shapeElement is not { } shapeValue) throw Invalid(path, $"tensor {MessageText.Name(name)}: the entry has no \"shape\"");
        if (offsetsElement is not { } offsetsValue) throw Invalid(path, $"tensor {MessageText.Name(name)}: the entry has no \"data_offsets\"");

        if (dtypeValue.ValueKind != JsonValueKind.String)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: \"dtype\" is a JSON {Kind(dtypeValue)} ({Raw(dtypeValue)}), not a string");
        }

        string dtypeText = StringOf(path, dtypeValue, $"the dtype of tensor {MessageText.Name(name)}");
        if (!SafetensorsDTypes.TryParse(dtypeText, out var dtype))
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: unknown dtype {MessageText.Name(dtypeText)}; known dtypes are {KnownDTypes()}");
        }

        long[] shape = IntegerArray(path, name, "shape", shapeValue, requiredLength: -1);
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw Invalid(path, $"tensor {MessageText.Name(name)}: dimension {i} of shape [{string.Join(", ", shape)}] is {shape[i]}; dimensions must be 0 or more");
            }

            if (shape[i] != 0 && count > long.MaxValue / shape[i])
            {
                throw Invalid(path, $"tensor {MessageText.Name(name)}: shape [{string.Join(", ", shape)}] has more elements than a 64-bit count holds");
            }

            count *= shape[i];
        }

        long[] offsets = IntegerArray(path, name, "data_offsets", offsetsValue, requiredLength: 2);
        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < 0)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: data_offsets [{begin}, {end}] are negative");
        }

        if (end < begin)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: data_offsets [{begin}, {end}] end before they begin");
        }

        int size = dtype.ElementSize();
        if (count > long.MaxValue / size)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: shape [{string.Join(", ", shape)}] of {dtype.HeaderName()} needs more bytes than a 64-bit length holds");
        }

        long needed = count * size;
        if (end - begin != needed)
        {
            throw Invalid(path,
                $"tensor {MessageText.Name(name)}: data_offsets [{begin}, {end}] span {end - begin} bytes but dtype {dtype.HeaderName()} with shape [{string.Join(", ", shape)}] needs {count} × {size} = {needed} bytes");
        }

        if (end > dataLength)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: data_offsets [{begin}, {end}] run past the end of the data, which is {dataLength} bytes after the header");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, count, begin, end);
    }

    private static long[] IntegerArray(string path, string name, string key, JsonElement value, int requiredLength)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: \"{key}\" is a JSON {Kind(value)} ({Raw(value)}), not an array of integers");
        }

        int length = value.GetArrayLength();
        if (requiredLength >= 0 && length != requiredLength)
        {
            throw Invalid(path, $"tensor {MessageText.Name(name)}: \"{key}\" {Raw(value)} has {length} elements, not {requiredLength}");
        }

        var result = new long[length];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out result[i]))
            {
                throw Invalid(path, $"tensor {MessageText.Name(name)}: element {i} of \"{key}\" {Raw(value)} is {Raw(item)}, not a 64-bit integer");
            }

            i++;
        }

        return result;
    }

    private static void CheckOverlaps(string path, List<SafetensorsTensorInfo> tensors)
    {
        var placed = tensors.FindAll(t => t.ByteLength > 0);
        placed.Sort((a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        SafetensorsTensorInfo? furthest = null;
        foreach (var tensor in placed)
        {
            if (furthest is not null && tensor.DataBegin < furthest.DataEnd)
            {
                throw Invalid(path,
                    $"tensors {MessageText.Name(furthest.Name)} (data_offsets [{furthest.DataBegin}, {furthest.DataEnd}]) and {MessageText.Name(tensor.Name)} (data_offsets [{tensor.DataBegin}, {tensor.DataEnd}]) overlap");
            }

            if (furthest is null || tensor.DataEnd > furthest.DataEnd) furthest = tensor;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[index..], out _, out int consumed) != OperationStatus.Done) return index;
            index += consumed;
        }

        return -1;
    }

    private static string KnownDTypes()
    {
        var names = new List<string>();
        foreach (SafetensorsDType dtype in Enum.GetValues<SafetensorsDType>()) names.Add(dtype.HeaderName());
        return string.Join(", ", names);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Raw(JsonElement element)
    {
        string text = element.GetRawText();
        return MessageText.Escape(text.Length <= 60 ? text : text[..57] + "...", escapeBackslash: false);
    }

    /// <summary>
    /// A property's name. JSON may escape a lone UTF-16 surrogate (<c>"\udc00"</c>), which is no Unicode text: the
    /// parser then throws InvalidOperationException, and the header is reported as invalid instead.
    /// </summary>
    private static string NameOf(string path, JsonProperty property, string what)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            string raw = property.ToString();
            int colon = raw.IndexOf("\":", StringComparison.Ordinal);
            string shown = colon > 0 ? raw[..(colon + 1)] : raw;
            throw Invalid(path, $"{what} in the header, {MessageText.Escape(shown, escapeBackslash: false)}, escapes a lone UTF-16 surrogate, which is not Unicode text", e);
        }
    }

    /// <summary>A string value; a lone escaped surrogate is reported as <see cref="NameOf"/> reports it.</summary>
    private static string StringOf(string path, JsonElement value, string what)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw Invalid(path, $"{what}, {Raw(value)}, escapes a lone UTF-16 surrogate, which is not Unicode text", e);
        }
    }

    private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"Invalid safetensors file '{path}': {problem}.", inner);
}
