"""How values cross between the grader and the learner's process.

A message is a JSON header (plain values, and each array's dtype and shape) followed by
the arrays' raw bytes. Nothing is ever unpickled and only numeric dtypes are accepted, so
a hostile process can send wrong values but never code.
"""

from __future__ import annotations

import json
import math
import os
import struct
from enum import StrEnum
from typing import Any

import numpy as np

from graders.spec import Fn

MAX_MESSAGE_BYTES = 128 << 20  # a learner's answer larger than this is refused unread
MAX_HEADER_BYTES = 16 << 20
ALLOWED_KINDS = "biuf"  # booleans, integers, floats: plain numbers only
_LENGTH = struct.Struct("<Q")


class Kind(StrEnum):
    """What became of one call of learner code; the first four are also the worker's
    message statuses."""

    READY = "ready"  # the module imported (the worker's first message)
    RETURNED = "returned"
    RAISED = "raised"
    TIMEOUT = "timeout"
    CRASHED = "crashed"  # the process died, or sent something unreadable
    FLOOD = "flood"  # it printed more than OUTPUT_LIMIT
    IMPORT_ERROR = "import_error"


class WireError(Exception):
    """A message that cannot be decoded (too large, malformed, a forbidden dtype)."""


class Shared:
    """An input array the worker finds in the call's shared file (``shared`` in the
    request header): the grader reads the same bytes back after the call, so an input
    changed in place is seen by the grader itself, whatever the worker reports."""

    def __init__(self, index: int) -> None:
        self.index = index


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
        if value.dtype.kind not in ALLOWED_KINDS or value.dtype.fields:
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
    if isinstance(value, Shared):
        return {"t": "shared", "i": value.index}
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
        if kind == "shared":
            return Shared(int(tree["i"]))
    except (KeyError, TypeError, IndexError, AttributeError, ValueError, RecursionError) as err:
        raise WireError(f"malformed value: {err!r}") from None
    raise WireError(f"unknown value kind {kind!r}")


def _array_spec(array: np.ndarray) -> dict[str, Any]:
    return {"dtype": array.dtype.str, "shape": list(array.shape)}


def pack(message: dict[str, Any], payload: Any = None) -> list[memoryview]:
    """One message as chunks to write in order: its length, a JSON header, raw arrays.

    Arrays travel as their raw bytes (C order), described in the header by dtype and
    shape, so nothing is copied on the way out and nothing is ever unpickled.
    """
    arrays: list[np.ndarray] = []
    tree = encode(payload, arrays)
    arrays = [a if a.flags.c_contiguous else a.copy(order="C") for a in arrays]
    header = json.dumps({"message": message, "payload": tree,
                         "arrays": [_array_spec(a) for a in arrays]}).encode()
    return [memoryview(_LENGTH.pack(len(header)) + header),
            *(memoryview(a).cast("B") for a in arrays if a.nbytes)]


def _parse_header(data: bytes) -> tuple[dict[str, Any], Any, list[tuple[np.dtype, tuple]]]:
    try:
        header = json.loads(data)
        specs = []
        for spec in header["arrays"]:
            dtype = np.dtype(str(spec["dtype"]))
            shape = tuple(int(n) for n in spec["shape"])
            if dtype.kind not in ALLOWED_KINDS or dtype.fields or dtype.subdtype:
                raise WireError(f"arrays of dtype {dtype} are not accepted")
            if any(n < 0 for n in shape) or len(shape) > 32:
                raise WireError("bad array shape")
            specs.append((dtype, shape))
        return header["message"], header["payload"], specs
    except (ValueError, TypeError, KeyError, RecursionError) as err:
        raise WireError(f"malformed header: {err}") from None


class FrameReader:
    """Reassembles one message at a time from a file descriptor, reading straight into
    a buffer of the announced size."""

    def __init__(self, max_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._reset()

    def _reset(self) -> None:
        self._target = bytearray(_LENGTH.size)
        self._filled = 0
        self._stage = "length"
        self._header: tuple | None = None

    def read_from(self, fd: int) -> tuple[dict[str, Any], Any] | None:
        """Read what is available; the message once complete, else None.

        Raises EOFError when the other side has closed, WireError on a bad message.
        """
        view = memoryview(self._target)[self._filled:]
        if view.nbytes:
            count = os.readv(fd, [view])
            if count == 0:
                raise EOFError
            self._filled += count
        if self._filled < len(self._target):
            return None
        return self._advance()

    def feed(self, data: bytes) -> tuple[dict[str, Any], Any] | None:
        """Consume bytes already in memory (the in-process path and tests)."""
        result = None
        data = memoryview(data)
        while data.nbytes:
            room = len(self._target) - self._filled
            self._target[self._filled:self._filled + min(room, data.nbytes)] = data[:room]
            self._filled += min(room, data.nbytes)
            data = data[room:]
            if self._filled == len(self._target):
                result = self._advance()
        return result

    def _advance(self) -> tuple[dict[str, Any], Any] | None:
        try:
            return self._advance_unchecked()
        except WireError:
            raise
        except Exception as error:  # anything a hand-made frame can provoke in NumPy
            raise WireError(f"malformed message: {type(error).__name__}") from None

    def _advance_unchecked(self) -> tuple[dict[str, Any], Any] | None:
        while self._filled == len(self._target):
            if self._stage == "length":
                (size,) = _LENGTH.unpack(self._target)
                if size > MAX_HEADER_BYTES:
                    raise WireError(f"a header of {size} bytes is too large")
                self._target, self._filled, self._stage = bytearray(size), 0, "header"
            elif self._stage == "header":
                message, tree, specs = _parse_header(bytes(self._target))
                sizes = [d.itemsize * math.prod(shape) for d, shape in specs]
                if sum(sizes) > self.max_bytes:
                    raise WireError(f"a message of {sum(sizes)} bytes is too large")
                self._header = (message, tree, specs, sizes)
                self._target, self._filled, self._stage = bytearray(sum(sizes)), 0, "arrays"
            else:
                message, tree, specs, sizes = self._header
                arrays, offset = [], 0
                for (dtype, shape), size in zip(specs, sizes, strict=True):
                    flat = np.frombuffer(self._target, dtype=dtype,
                                         count=size // dtype.itemsize, offset=offset)
                    arrays.append(flat.reshape(shape))
                    offset += size
                self._reset()
                return message, decode(tree, arrays)
        return None


def write_message(fd: int, message: dict[str, Any], payload: Any = None) -> None:
    """Send one message on a file descriptor (blocking)."""
    for chunk in pack(message, payload):
        while chunk.nbytes:
            chunk = chunk[os.write(fd, chunk):]


def read_message(fd: int) -> tuple[dict[str, Any], Any] | None:
    """Receive one message (blocking); None at end of file."""
    reader = FrameReader()
    try:
        while (message := reader.read_from(fd)) is None:
            pass
    except EOFError:
        return None
    return message


def roundtrip(message: dict[str, Any], payload: Any) -> tuple[dict[str, Any], Any]:
    """What the other side would receive (the in-process runner and tests use this)."""
    return FrameReader().feed(b"".join(bytes(c) for c in pack(message, payload)))
