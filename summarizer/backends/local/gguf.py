"""Which weights of a GGUF model llama.cpp may repack for faster generation, and how to ask for it.

llama.cpp can copy Q4_K weights into an interleaved layout (CPU_REPACK) that its AVX2 kernels read
faster: single tokens and, even more, batches of a few tokens, which is what makes drafted tokens
pay (see `drafting`; figures in docs/benchmarks.md).
llama-cpp-python only offers all of llama.cpp's extra weight layouts or none, and "all" includes
AMX, which kills the process with SIGSEGV on a VM that advertises AMX without allowing it. So the
model is loaded with the extra layouts off and the Q4_K matrices named for CPU_REPACK, which needs
each tensor's type and shape: read here from the GGUF header, without loading the file.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

GGML_TYPE_Q4_K = 12
# Bytes of each fixed-size GGUF metadata value type; 8 is a string and 9 an array.
_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9


@dataclass(frozen=True)
class TensorInfo:
    name: str
    ggml_type: int
    shape: tuple[int, ...]


class GGUFError(ValueError):
    pass


# No string or array in a model's header comes near this; a larger length means a damaged file.
_MAX_FIELD = 1 << 32


def _plausible(size: int) -> int:
    if size > _MAX_FIELD:
        raise GGUFError("the GGUF header has an implausible length")
    return size


def _skip(stream: BinaryIO, size: int) -> None:
    stream.seek(_plausible(size), 1)


def _read(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(_plausible(size))
    if len(data) != size:
        raise GGUFError("the GGUF header ends early")
    return data


def _u32(stream: BinaryIO) -> int:
    return int(struct.unpack("<I", _read(stream, 4))[0])


def _u64(stream: BinaryIO) -> int:
    return int(struct.unpack("<Q", _read(stream, 8))[0])


def _string(stream: BinaryIO) -> str:
    return _read(stream, _u64(stream)).decode("utf-8", errors="replace")


def _skip_value(stream: BinaryIO, value_type: int) -> None:
    if value_type in _SCALAR_SIZES:
        _skip(stream, _SCALAR_SIZES[value_type])
    elif value_type == _STRING:
        _skip(stream, _u64(stream))
    elif value_type == _ARRAY:
        item_type, count = _u32(stream), _u64(stream)
        if item_type in _SCALAR_SIZES:
            _skip(stream, _SCALAR_SIZES[item_type] * count)
        else:
            for _ in range(count):
                _skip_value(stream, item_type)
    else:
        raise GGUFError(f"unknown GGUF metadata type {value_type}")


def tensor_infos(path: Path) -> list[TensorInfo]:
    """Name, ggml type and shape of every tensor in a GGUF v2/v3 file, from its header alone."""
    with path.open("rb") as stream:
        try:
            return _read_header(path, stream)
        except GGUFError:
            raise
        except (OSError, ValueError) as exc:
            raise GGUFError(f"{path}: unreadable GGUF header ({exc})") from exc


def _read_header(path: Path, stream: BinaryIO) -> list[TensorInfo]:
    if _read(stream, 4) != b"GGUF":
        raise GGUFError(f"{path} is not a GGUF file")
    if _u32(stream) < 2:
        raise GGUFError(f"{path} is a GGUF version before 2")
    n_tensors, n_metadata = _u64(stream), _u64(stream)
    for _ in range(n_metadata):
        _skip(stream, _u64(stream))
        _skip_value(stream, _u32(stream))
    infos = []
    for _ in range(n_tensors):
        name = _string(stream)
        shape = tuple(_u64(stream) for _ in range(_u32(stream)))
        ggml_type = _u32(stream)
        _skip(stream, 8)  # offset into the data section
        infos.append(TensorInfo(name, ggml_type, shape))
    return infos


def repackable(infos: Iterable[TensorInfo]) -> list[str]:
    """The matrices llama.cpp's AVX2 kernels take in CPU_REPACK layout: Q4_K with rows in eights."""
    return [
        t.name
        for t in infos
        # token_embd is read row by row (GET_ROWS), which the repacked layout does not serve.
        if t.ggml_type == GGML_TYPE_Q4_K and t.name.startswith("blk.") and len(t.shape) == 2 and t.shape[1] % 8 == 0
    ]


class _BufferTypeOverride(ctypes.Structure):
    _fields_ = [("pattern", ctypes.c_char_p), ("buft", ctypes.c_void_p)]


def _extra_buffer_types(ggml: Any) -> dict[str, int]:
    """The CPU device's extra weight layouts by name, as llama.cpp's own copy of ggml sees them.

    llama-cpp-python's wheel can hold two copies of the ggml CPU library; only buffer types obtained
    through the backend registry are the ones llama.cpp compares against.
    """
    ggml.ggml_backend_dev_by_type.restype = ctypes.c_void_p
    ggml.ggml_backend_dev_by_type.argtypes = [ctypes.c_int]
    ggml.ggml_backend_dev_backend_reg.restype = ctypes.c_void_p
    ggml.ggml_backend_dev_backend_reg.argtypes = [ctypes.c_void_p]
    ggml.ggml_backend_reg_get_proc_address.restype = ctypes.c_void_p
    ggml.ggml_backend_reg_get_proc_address.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    ggml.ggml_backend_buft_name.restype = ctypes.c_char_p
    ggml.ggml_backend_buft_name.argtypes = [ctypes.c_void_p]
    cpu_device = ggml.ggml_backend_dev_by_type(0)  # GGML_BACKEND_DEVICE_TYPE_CPU
    if not cpu_device:
        return {}
    registry = ggml.ggml_backend_dev_backend_reg(cpu_device)
    address = ggml.ggml_backend_reg_get_proc_address(registry, b"ggml_backend_dev_get_extra_bufts")
    if not address:
        return {}
    listed = ctypes.CFUNCTYPE(ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p)(address)(cpu_device)
    found: dict[str, int] = {}
    index = 0
    while listed[index]:
        found[ggml.ggml_backend_buft_name(listed[index]).decode()] = listed[index]
        index += 1
    return found


def repack_overrides(ggml: Any, names: list[str]) -> Any | None:
    """A NULL-terminated llama_model_tensor_buft_override array placing `names` in CPU_REPACK.

    None when there is nothing to repack, the CPU lacks AVX2 or this llama.cpp build has no
    CPU_REPACK layout: then the model loads as it would without overrides. The caller keeps the
    array alive while loading.
    """
    # Q4_K has a repacked layout only for AVX2 here (llama.cpp's ARM ones need other checks), and
    # a tensor llama.cpp cannot repack aborts the process at load.
    has_avx2 = getattr(ggml, "ggml_cpu_has_avx2", None)
    if not names or has_avx2 is None or not has_avx2():
        return None
    repack = _extra_buffer_types(ggml).get("CPU_REPACK")
    if repack is None:
        return None
    rows = [_BufferTypeOverride(pattern.encode(), repack) for pattern in name_patterns(names)]
    return (_BufferTypeOverride * (len(rows) + 1))(*rows, _BufferTypeOverride(None, None))


def name_patterns(names: list[str]) -> list[str]:
    """Anchored regexes matching exactly `names`, one per kind of block matrix.

    llama.cpp compiles every override pattern (std::regex) for every tensor it loads, so one
    alternation of hundreds of names would be slow and, for a large model, deep enough to overflow
    std::regex's recursion; per kind the layer numbers stay a short list.
    """
    layers: dict[str, list[str]] = {}
    others = []
    for name in names:
        block = re.fullmatch(r"blk\.(\d+)\.(.+)", name)
        if block:
            layers.setdefault(block[2], []).append(block[1])
        else:
            others.append(f"^{re.escape(name)}$")
    kinds = [rf"^blk\.({'|'.join(numbers)})\.{re.escape(kind)}$" for kind, numbers in layers.items()]
    return kinds + others
