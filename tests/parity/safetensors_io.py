"""A small reader and writer of the safetensors format, F32, I64 and I32 only.

Layout of a file:

* 8 bytes: N, the header length, unsigned 64-bit little-endian;
* N bytes: a UTF-8 JSON object ``{name: {"dtype", "shape", "data_offsets": [begin, end]}}`` with an
  optional ``"__metadata__"`` entry mapping strings to strings, padded with spaces so that
  8 + N is a multiple of 8;
* the data: each tensor's elements row-major and little-endian at ``[begin, end)``, offsets counted
  from the end of the header. Tensors are packed without gaps and without overlap.

Tensors are returned and accepted as NumPy arrays (anything with ``.numpy()``, such as a detached
torch tensor, is converted). The writer keeps the order it is given, so the same input gives the same
bytes. The reader checks everything the format promises and raises :class:`SafetensorsError` on the
first violation.
"""

import json
import struct

import numpy as np

# dtype spelling in the header -> NumPy little-endian dtype
_DTYPES = {
    "F32": np.dtype("<f4"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
}

# The largest header accepted, as the reference implementation does (100 MB).
MAX_HEADER = 100_000_000


class SafetensorsError(ValueError):
    """The file is not a well-formed safetensors file of the supported dtypes."""


def _header_name(array):
    for name, dtype in _DTYPES.items():
        if array.dtype == dtype or array.dtype == dtype.newbyteorder("="):
            return name
    raise SafetensorsError(f"unsupported dtype {array.dtype}; supported: F32 (float32), I64 (int64), I32 (int32)")


def _as_array(value):
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "cpu"):
        value = value.cpu()
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value)


def dumps(tensors, metadata=None):
    """Serializes ``tensors`` (an ordered mapping name -> array) and ``metadata`` (str -> str) to bytes."""
    header = {}
    if metadata:
        for key, value in metadata.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise SafetensorsError(f"metadata must map strings to strings; got {key!r}: {value!r}")
        header["__metadata__"] = dict(metadata)
    chunks = []
    offset = 0
    for name, value in tensors.items():
        if not isinstance(name, str) or name == "__metadata__":
            raise SafetensorsError(f"invalid tensor name {name!r}")
        array = _as_array(value)
        dtype_name = _header_name(array)
        data = np.ascontiguousarray(array, dtype=_DTYPES[dtype_name]).tobytes()
        header[name] = {
            "dtype": dtype_name,
            "shape": [int(d) for d in array.shape],
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def save(path, tensors, metadata=None):
    """Writes ``tensors`` and ``metadata`` to ``path`` (see :func:`dumps`)."""
    blob = dumps(tensors, metadata)
    with open(path, "wb") as f:
        f.write(blob)


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise SafetensorsError(f"header names {key!r} twice")
        result[key] = value
    return result


def loads(blob):
    """Parses safetensors bytes into ``(tensors, metadata)``: an ordered dict name -> NumPy array (in
    file-offset order) and a dict str -> str (empty when the file has none)."""
    if len(blob) < 8:
        raise SafetensorsError(f"file of {len(blob)} bytes is shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > MAX_HEADER:
        raise SafetensorsError(f"header length {n} exceeds the {MAX_HEADER}-byte limit")
    if 8 + n > len(blob):
        raise SafetensorsError(f"header length {n} runs past the end of the {len(blob)}-byte file")
    try:
        header = json.loads(blob[8:8 + n].decode("utf-8"), object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"header is not UTF-8 JSON: {e}") from None
    if not isinstance(header, dict):
        raise SafetensorsError("header is not a JSON object")

    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise SafetensorsError("__metadata__ must map strings to strings")

    data = memoryview(blob)[8 + n:]
    entries = []
    for name, info in header.items():
        if not isinstance(info, dict):
            raise SafetensorsError(f"{name}: entry is not an object")
        dtype_name = info.get("dtype")
        if dtype_name not in _DTYPES:
            raise SafetensorsError(f"{name}: unsupported dtype {dtype_name!r}")
        shape = info.get("shape")
        if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
            raise SafetensorsError(f"{name}: shape must be a list of non-negative integers, got {shape!r}")
        offsets = info.get("data_offsets")
        if (not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            raise SafetensorsError(f"{name}: data_offsets must be two integers, got {offsets!r}")
        begin, end = offsets
        count = 1
        for d in shape:
            count *= d
        size = count * _DTYPES[dtype_name].itemsize
        if not 0 <= begin <= end <= len(data):
            raise SafetensorsError(f"{name}: data_offsets [{begin}, {end}] outside the {len(data)}-byte data section")
        if end - begin != size:
            raise SafetensorsError(f"{name}: {end - begin} bytes for shape {shape} of {dtype_name} ({size} bytes expected)")
        entries.append((begin, end, name, dtype_name, shape))

    # The data section must be covered exactly: no gaps, no overlaps, nothing left over.
    entries.sort(key=lambda e: (e[0], e[1]))
    position = 0
    for begin, end, name, _, _ in entries:
        if begin != position:
            what = "overlaps the previous tensor" if begin < position else "leaves a gap after the previous tensor"
            raise SafetensorsError(f"{name}: data at {begin} {what} (which ends at {position})")
        position = end
    if position != len(data):
        raise SafetensorsError(f"data section has {len(data) - position} bytes after the last tensor")

    tensors = {}
    for begin, end, name, dtype_name, shape in entries:
        array = np.frombuffer(data[begin:end], dtype=_DTYPES[dtype_name]).reshape(shape)
        tensors[name] = array.astype(_DTYPES[dtype_name].newbyteorder("="), copy=True)
    return tensors, metadata


def load(path):
    """Reads ``path``; returns ``(tensors, metadata)`` as :func:`loads` does."""
    with open(path, "rb") as f:
        return loads(f.read())
