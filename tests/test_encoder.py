"""The NumPy MiniLM encoder gives sentence-transformers' embeddings (to float32 precision)."""

import math
import subprocess
import sys

import numpy as np
import pytest

from claimgap.classify.encoder import (
    MiniLM,
    _erf,
    encode,
    joint_first_token_states,
    load_encoder,
    model_path,
    read_safetensors,
)

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
    ours = MiniLM(model_path()).encode(TEXTS, batch_size=4)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(ours, reference, atol=2e-6)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)


def test_order_and_batching_do_not_change_vectors():
    once = MiniLM(model_path()).encode(TEXTS, batch_size=64)
    again = MiniLM(model_path()).encode(TEXTS[::-1], batch_size=2)[::-1]
    np.testing.assert_allclose(again, once, atol=1e-6)
    assert encode([]).shape == (0, 384)


def test_each_distinct_text_is_run_once_and_remembered(monkeypatch):
    encoder = load_encoder()
    monkeypatch.setattr(encoder, "_recent", {})
    runs = []
    real_run = encoder._run
    monkeypatch.setattr(encoder, "_run", lambda texts, size: runs.append(texts) or real_run(texts, size))
    first = encoder.encode(["a duty", "a promise", "a duty"])
    assert runs == [["a duty", "a promise"]] and np.array_equal(first[0], first[2])
    second = encoder.encode(["a promise", "a power"])
    assert runs[1:] == [["a power"]] and np.array_equal(second[0], first[1])


def test_erf_is_accurate():
    x = np.linspace(-6, 6, 20001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    assert np.abs(_erf(x.copy()) - expected).max() < 1e-6


def test_encoding_does_not_import_torch():
    code = ("import sys; from claimgap.classify.encoder import encode; encode(['a test']); "
            "print('torch' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_safetensors_are_read_as_the_safetensors_library_reads_them():
    safetensors = pytest.importorskip("safetensors.numpy")
    ours = read_safetensors(model_path() / "model.safetensors")
    theirs = safetensors.load_file(str(model_path() / "model.safetensors"))
    assert ours.keys() == theirs.keys()
    for name, array in theirs.items():
        assert ours[name].dtype == array.dtype and np.array_equal(ours[name], array), name


def test_remembering_is_bounded_and_never_loses_a_vector(monkeypatch):
    import claimgap.classify.encoder as module

    encoder = load_encoder()
    monkeypatch.setattr(encoder, "_recent", {})
    monkeypatch.setattr(module, "RECENT", 3)
    first = encoder.encode(["one", "two"])
    # "two" is remembered, the three new texts overflow the memory: it is cleared, not consulted
    out = encoder.encode(["two", "three", "four", "five"])
    assert np.array_equal(out[0], first[1]) and len(encoder._recent) == 3


def _tuned(prefix: str | tuple[str, ...], scale: float) -> MiniLM:
    """An encoder with the tensors under ``prefix`` changed, as a fine-tune changes them."""
    shipped = read_safetensors(model_path() / "model.safetensors")
    return MiniLM(model_path(), overrides={name: tensor * np.float32(scale)
                                           for name, tensor in shipped.items()
                                           if name.startswith(prefix)})


def test_what_an_encoder_has_as_shipped():
    assert (MiniLM(model_path()).shipped_layers, MiniLM(model_path()).shipped_embeddings) == (6, True)
    top = _tuned("encoder.layer.4.", 0.9)
    assert (top.shipped_layers, top.shipped_embeddings) == (4, True)
    full = _tuned("embeddings.LayerNorm.", 1.1)
    assert (full.shipped_layers, full.shipped_embeddings) == (0, False)


def test_joint_states_are_each_encoders_own_with_shared_layers_run_once(monkeypatch):
    """Two top-two fine-tunes share the four shipped layers: 4 + 2 + 2 layers a batch, not 12,
    and the very same numbers as running each encoder alone."""
    top_two = ("encoder.layer.4.", "encoder.layer.5.")
    encoders = [_tuned(top_two, 0.9), _tuned(top_two, 1.1)]
    alone = [e.first_token_states(TEXTS, 32) for e in encoders]
    runs = []
    real = MiniLM._hidden
    monkeypatch.setattr(MiniLM, "_hidden", lambda self, ids, start=0, stop=None, x=None: (
        runs.append(len(self.layers[start:stop])) or real(self, ids, start, stop, x)))
    joint = joint_first_token_states(encoders, TEXTS, 32, batch_size=64)
    assert joint.shape == (len(TEXTS), 2, 384)
    assert all(np.array_equal(joint[:, n], alone[n]) for n in range(2))
    assert runs == [4, 2, 2]  # one batch
    assert joint_first_token_states(encoders, [], 32).shape == (0, 2, 384)


def test_a_full_fine_tune_shares_nothing_but_gives_its_own_states():
    encoders = [_tuned("encoder.layer.5.", 0.9), _tuned("embeddings.LayerNorm.", 1.1)]
    joint = joint_first_token_states(encoders, TEXTS, 32)
    for n, encoder in enumerate(encoders):
        assert np.array_equal(joint[:, n], encoder.first_token_states(TEXTS, 32))
