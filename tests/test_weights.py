"""Reading tensor types from a GGUF header, choosing the weights to repack, and drafting tokens."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from summarizer.backends.local import gguf as weights
from summarizer.backends.local import runtime as lm

Q4_K, Q6_K, F32 = 12, 14, 0


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def write_gguf(path: Path, tensors: list[tuple[str, int, tuple[int, ...]]]) -> Path:
    metadata = [
        _string("general.architecture") + struct.pack("<I", 8) + _string("qwen2"),
        _string("qwen2.block_count") + struct.pack("<I", 4) + struct.pack("<I", 28),
        _string("general.flag") + struct.pack("<I", 7) + b"\x01",
        # Arrays of strings and of numbers, as a tokenizer's vocabulary and token types are stored.
        _string("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, 3)
        + b"".join(_string(t) for t in ("a", "bc", "<|im_end|>")),
        _string("tokenizer.ggml.token_type") + struct.pack("<IIQ", 9, 5, 3) + struct.pack("<3i", 1, 1, 3),
    ]
    infos = b"".join(
        _string(name) + struct.pack(f"<I{len(shape)}Q", len(shape), *shape) + struct.pack("<IQ", kind, 0)
        for name, kind, shape in tensors
    )
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata))
    path.write_bytes(header + b"".join(metadata) + infos + b"\0" * 64)
    return path


TENSORS = [
    ("token_embd.weight", Q4_K, (1536, 151936)),
    ("blk.0.attn_norm.weight", F32, (1536,)),
    ("blk.0.attn_q.weight", Q4_K, (1536, 1536)),
    ("blk.0.attn_k.weight", Q4_K, (1536, 260)),
    ("blk.0.ffn_down.weight", Q6_K, (8960, 1536)),
    ("blk.0.ffn_up.weight", Q4_K, (1536, 8960)),
]


def test_tensor_types_and_shapes_come_from_the_header(tmp_path: Path) -> None:
    infos = weights.tensor_infos(write_gguf(tmp_path / "m.gguf", TENSORS))
    assert [(t.name, t.ggml_type, t.shape) for t in infos] == TENSORS


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
