"""Reading tensor types from a GGUF header (files written by the `gguf` package), choosing the weights to repack."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import gguf
import numpy as np
import pytest

from summarizer.backends.local import gguf as weights
from summarizer.backends.local import runtime as lm

Q4_K, Q6_K, F32, F16 = 12, 14, 0, 1
BLOCK_BYTES = {Q4_K: 144, Q6_K: 210}  # bytes per block of 256 weights


def write_gguf(path: Path, tensors: list[tuple[str, int, tuple[int, ...]]]) -> Path:
    """A GGUF file written by the `gguf` package (llama.cpp's own Python writer), zero-filled weights.

    `tensors` lists (name, ggml type, shape in ggml's order: row length first), as the reader returns them.
    """
    writer = gguf.GGUFWriter(path, "qwen2")
    # Metadata of the kinds a model header holds, which the reader must skip over.
    writer.add_block_count(28)
    writer.add_token_list(["a", "bc", "<|im_end|>"])
    writer.add_token_types([1, 1, 3])
    writer.add_bool("general.flag", True)
    writer.add_float64("general.f64", 1.5)
    writer.add_int8("general.i8", -1)
    writer.add_array("general.nested", [[1, 2], [3]])
    for name, kind, shape in tensors:
        rows = tuple(reversed(shape[1:]))
        if kind in BLOCK_BYTES:
            data = np.zeros((*rows, shape[0] // 256 * BLOCK_BYTES[kind]), np.uint8)
            writer.add_tensor(name, data, raw_dtype=gguf.GGMLQuantizationType(kind))
        else:
            writer.add_tensor(name, np.zeros((*rows, shape[0]), {F32: np.float32, F16: np.float16}[kind]))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


TENSORS = [
    ("token_embd.weight", Q4_K, (512, 16)),
    ("blk.0.attn_norm.weight", F32, (512,)),
    ("blk.0.attn_q.weight", Q4_K, (512, 64)),
    ("blk.0.attn_k.weight", Q4_K, (512, 12)),
    ("blk.0.ffn_down.weight", Q6_K, (512, 8)),
    ("blk.0.ffn_up.weight", Q4_K, (256, 24)),
    ("blk.0.attn_v.weight", F16, (512, 8)),
]


def test_tensor_types_and_shapes_come_from_the_header(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", TENSORS)
    infos = weights.tensor_infos(path)
    assert [(t.name, t.ggml_type, t.shape) for t in infos] == TENSORS
    # And as llama.cpp's own reader sees the same file.
    theirs = [(t.name, int(t.tensor_type), tuple(int(n) for n in t.shape)) for t in gguf.GGUFReader(path).tensors]
    assert theirs == TENSORS


def test_only_q4_k_block_matrices_with_rows_in_eights_are_repacked(tmp_path: Path) -> None:
    infos = weights.tensor_infos(write_gguf(tmp_path / "m.gguf", TENSORS))
    assert weights.repackable(infos) == ["blk.0.attn_q.weight", "blk.0.ffn_up.weight"]


def test_a_file_that_is_not_gguf_or_ends_early_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.gguf").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(weights.GGUFError, match="not a GGUF file"):
        weights.tensor_infos(tmp_path / "x.gguf")
    whole = write_gguf(tmp_path / "m.gguf", TENSORS).read_bytes()
    (tmp_path / "cut.gguf").write_bytes(whole[:100])
    with pytest.raises(weights.GGUFError, match="ends early"):
        weights.tensor_infos(tmp_path / "cut.gguf")
    # A length field that is garbage, as in a damaged file, is a GGUFError too, not an OSError.
    (tmp_path / "bad.gguf").write_bytes(whole[:24] + struct.pack("<Q", 2**63 + 5) + whole[32:])
    with pytest.raises(weights.GGUFError):
        weights.tensor_infos(tmp_path / "bad.gguf")


class NoAvx2:
    def ggml_cpu_has_avx2(self) -> int:
        return 0


def test_no_repacking_without_avx2_or_without_candidates() -> None:
    assert weights.repack_overrides(NoAvx2(), ["blk.0.attn_q.weight"]) is None
    assert weights.repack_overrides(object(), []) is None


def test_load_params_switch_applies_and_restores_defaults() -> None:
    class Params:
        use_extra_bufts = True
        tensor_buft_overrides: Any = None

    class Lib:
        def llama_model_default_params(self) -> Params:
            return Params()

    lib = Lib()
    original = lib.llama_model_default_params
    overrides = (weights._BufferTypeOverride * 1)()
    with lm._load_params(lib, extra_layouts=False, overrides=overrides):
        params = lib.llama_model_default_params()
        assert params.use_extra_bufts is False and params.tensor_buft_overrides is not None
    assert lib.llama_model_default_params == original
    assert lib.llama_model_default_params().use_extra_bufts is True


def test_name_patterns_match_exactly_the_names_given() -> None:
    import re

    names = ["blk.1.ffn_up.weight", "blk.2.ffn_up.weight", "blk.1.attn_q.weight", "output.weight"]
    patterns = weights.name_patterns(names)
    assert len(patterns) == 3  # one per kind of block matrix, plus the odd one out
    everything = [*names, "blk.10.ffn_up.weight", "blk.3.ffn_up.weight", "blk.1.ffn_up.weight.bias", "xoutput.weight"]
    assert [n for n in everything if any(re.search(p, n) for p in patterns)] == names
