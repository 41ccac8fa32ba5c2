"""How values cross between the grader and the learner's process.

A message is a JSON tree plus a list of arrays in NumPy's ``.npy`` format. Nothing is
ever unpickled: arrays load with ``allow_pickle=False`` and the rest is plain JSON, so a
hostile process can send wrong values but never code.
"""

from __future__ import annotations

import io
import json
import os
import struct
from typing import Any

import numpy as np

from graders.spec import Fn

MAX_MESSAGE_BYTES = 1 << 30  # a learner's answer larger than this is refused unread
_LENGTH = struct.Struct("<Q")


class WireError(Exception):
    """A message that cannot be decoded (too large, malformed, a forbidden dtype)."""


class Opaque:
    """A value that cannot cross the wire (a set, a generator, an object array...).

    It only carries a description, so a learner can be told what came back.
    """

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return self.description


def encode(value: Any, arrays: list[np.ndarray]) -> Any:
    """The JSON tree for ``value``; arrays are appended to ``arrays`` and referenced."""
    if value is None or isinstance(value, (bool, str)):
        return {"t": type(value).__name__, "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": value}
    if isinstance(value, float):
        return {"t": "float", "v": value}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject or value.dtype.kind not in "biufcUS":
            return {"t": "opaque", "v": f"an array of dtype {value.dtype}"}
        arrays.append(value)
        return {"t": "ndarray", "i": len(arrays) - 1}
    if isinstance(value, np.generic):
        if value.dtype.kind not in "biuf":
            return {"t": "opaque", "v": f"a NumPy {value.dtype} scalar"}
        return {"t": "npscalar", "dtype": value.dtype.str, "v": value.item()}
    if isinstance(value, (tuple, list)):
        return {"t": type(value).__name__, "v": [encode(v, arrays) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"t": "dict", "v": {k: encode(v, arrays) for k, v in value.items()}}
    if isinstance(value, Fn):
        return {"t": "fn", "name": value.name, "v": encode(value.params, arrays)}
    if isinstance(value, Opaque):
        return {"t": "opaque", "v": value.description}
    return {"t": "opaque", "v": f"a {type(value).__module__}.{type(value).__qualname__}"}


def decode(tree: Any, arrays: list[np.ndarray]) -> Any:
    """The inverse of ``encode``. Raises WireError on anything unexpected."""
    try:
        kind, value = tree["t"], tree.get("v")
        if kind in ("NoneType", "bool", "str", "int", "float"):
            expected = {"NoneType": type(None), "bool": bool, "str": str, "int": int,
                        "float": float}[kind]
            if kind == "float" and isinstance(value, int):
                value = float(value)
            if type(value) is not expected:
                raise WireError(f"bad {kind}")
            return value
        if kind == "ndarray":
            return arrays[tree["i"]]
        if kind == "npscalar":
            dtype = np.dtype(tree["dtype"])
            if dtype.kind not in "biuf":
                raise WireError("bad scalar dtype")
            return dtype.type(value)
        if kind == "tuple":
            return tuple(decode(v, arrays) for v in value)
        if kind == "list":
            return [decode(v, arrays) for v in value]
        if kind == "dict":
            return {str(k): decode(v, arrays) for k, v in value.items()}
        if kind == "fn":
            return Fn(str(tree["name"]), decode(value, arrays))
        if kind == "opaque":
            return Opaque(str(value)[:200])
    except (KeyError, TypeError, IndexError, AttributeError, ValueError, RecursionError) as err:
        raise WireError(f"malformed value: {err!r}") from None
    raise WireError(f"unknown value kind {kind!r}")


def pack(message: dict[str, Any], payload: Any = None) -> bytes:
    """One framed message: a JSON header (with ``payload`` encoded) and its arrays."""
    arrays: list[np.ndarray] = []
    header = dict(message, payload=encode(payload, arrays), n_arrays=len(arrays))
    parts = [json.dumps(header).encode()]
    for array in arrays:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        parts.append(buffer.getvalue())
    return b"".join(_LENGTH.pack(len(p)) + p for p in [_LENGTH.pack(len(parts)), *parts])


def unpack(parts: list[bytes]) -> tuple[dict[str, Any], Any]:
    """The header and decoded payload of a message split into its parts."""
    try:
        header = json.loads(parts[0])
        if not isinstance(header, dict) or header.get("n_arrays") != len(parts) - 1:
            raise WireError("malformed header")
        arrays = [np.load(io.BytesIO(p), allow_pickle=False) for p in parts[1:]]
    except (ValueError, OSError, RecursionError) as err:
        raise WireError(f"malformed message: {err}") from None
    return header, decode(header["payload"], arrays)


class FrameReader:
    """Reassembles framed messages from bytes that arrive in arbitrary pieces."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def _take(self, offset: int) -> tuple[bytes, int] | None:
        if len(self._buffer) < offset + 8:
            return None
        (size,) = _LENGTH.unpack_from(self._buffer, offset)
        if size > MAX_MESSAGE_BYTES:
            raise WireError(f"a message of {size} bytes is too large")
        end = offset + 8 + size
        if len(self._buffer) < end:
            return None
        return bytes(self._buffer[offset + 8 : end]), end

    def message(self) -> list[bytes] | None:
        """The next complete message's parts, or None if more bytes are needed."""
        first = self._take(0)
        if first is None:
            return None
        (count,) = _LENGTH.unpack(first[0])
        if count > 10_000:
            raise WireError("too many parts")
        parts: list[bytes] = []
        offset = first[1]
        total = 0
        for _ in range(count):
            part = self._take(offset)
            if part is None:
                return None
            total += len(part[0])
            if total > MAX_MESSAGE_BYTES:
                raise WireError("message too large")
            parts.append(part[0])
            offset = part[1]
        del self._buffer[:offset]
        return parts


def write_message(fd: int, message: dict[str, Any], payload: Any = None) -> None:
    """Send one message on a file descriptor (blocking)."""
    data = memoryview(pack(message, payload))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def read_message(fd: int) -> tuple[dict[str, Any], Any] | None:
    """Receive one message (blocking); None at end of file."""
    reader = FrameReader()
    while (parts := reader.message()) is None:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        reader.feed(chunk)
    return unpack(parts)
