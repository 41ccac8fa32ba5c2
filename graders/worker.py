"""The learner's process: imports one solutions module and calls its functions on request.

Everything here is untrusted once the learner's module is imported: it may lie, crash or
hang. The grader treats its answers as data and never runs anything it sends back.

Run as ``python -m graders.worker MODULE_PATH REQUEST_FD RESPONSE_FD``.
"""

import contextlib
import importlib.util
import mmap
import resource
import sys
import traceback
from pathlib import Path

from graders import wire
from graders.calling import install_tripwires, observe
from graders.functions import map_leaves
from graders.wire import Kind

MEMORY_LIMIT = 8 << 30


def _with_shared(args, shared):
    """Replace each Shared placeholder by a writable view of the call's shared file."""
    if not shared:
        return args
    import numpy as np

    with open(shared["file"], "r+b") as f:
        size = f.seek(0, 2)
        buffer = mmap.mmap(f.fileno(), size) if size else bytearray()
    views = [np.frombuffer(buffer, dtype=np.dtype(d), count=int(np.prod(shape)),
                           offset=offset).reshape(shape)
             for offset, d, shape in shared["arrays"]]

    return map_leaves(args, lambda v: views[v.index] if isinstance(v, wire.Shared) else v)


def _describe(error: BaseException, path: str) -> dict:
    try:
        message = str(error)
    except Exception:  # a learner's exception whose __str__ fails
        message = "(its message could not be printed)"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    where = f"line {frames[-1].lineno}" if frames else ""
    return {"status": Kind.RAISED, "type": type(error).__name__, "message": message[:400],
            "where": where, "value_error": isinstance(error, ValueError),
            "not_implemented": isinstance(error, NotImplementedError)}


def main(module_path: str, request_fd: int, response_fd: int, forbidden: str = "") -> None:
    for limit, value in ((resource.RLIMIT_CORE, 0), (resource.RLIMIT_AS, MEMORY_LIMIT)):
        with contextlib.suppress(ValueError, OSError):  # macOS refuses some limits
            resource.setrlimit(limit, (value, value))
    path = str(Path(module_path).resolve())
    install_tripwires(forbidden.split(",") if forbidden else (), path)
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:  # SystemExit at import is the learner's too
        wire.write_message(response_fd, {"status": Kind.IMPORT_ERROR,
                                         "detail": traceback.format_exc(limit=-3)[-1500:]},
                           None)
        return
    wire.write_message(response_fd, {"status": Kind.READY})
    while (request := wire.read_message(request_fd)) is not None:
        header, args = request
        try:
            fn = getattr(module, header["call"])
            args = _with_shared(args, header.get("shared"))
            payload = observe(fn, args, want_inputs=bool(header.get("want_inputs")),
                              trace_memory=bool(header.get("trace_memory")),
                              forbidden=header.get("forbidden") or (), copy_values=False)
        except BaseException as error:  # report everything, even SystemExit
            wire.write_message(response_fd, _describe(error, path))
            continue
        try:
            wire.write_message(response_fd, {"status": Kind.RETURNED}, payload)
        except Exception as error:  # an answer that cannot be encoded
            wire.write_message(response_fd, {"status": Kind.RETURNED},
                               {"value": wire.Opaque(f"a value that could not be sent ({error})")})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:5])
