"""The NumPy MiniLM encoder gives sentence-transformers' embeddings (to float32 precision)."""

import math
import subprocess
import sys

import numpy as np
import pytest

from claimgap.classify.encoder import _erf, encode, model_path

TEXTS = [
    "The local authority must secure the special educational provision in the plan.",
    "We will put specialists at the heart of every school.",
    "",
    "a",
    "Ünïcode café — “curly quotes” and £200 million for 2026–2029.",
    "word " * 400,  # longer than the 256-token limit: truncated the same way
]


def test_embeddings_match_sentence_transformers():
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(model_path()), device="cpu").encode(
        TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    ours = encode(TEXTS, batch_size=4)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, reference, atol=2e-6)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)


def test_order_and_batching_do_not_change_vectors():
    once = encode(TEXTS, batch_size=64)
    np.testing.assert_allclose(encode(TEXTS[::-1], batch_size=2)[::-1], once, atol=1e-6)
    assert encode([]).shape == (0, 384)


def test_erf_is_accurate():
    x = np.linspace(-6, 6, 20001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    assert np.abs(_erf(x.copy()) - expected).max() < 1e-6


def test_encoding_does_not_import_torch():
    code = ("import sys; from claimgap.classify.encoder import encode; encode(['a test']); "
            "print('torch' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
