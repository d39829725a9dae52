"""Atomic writes: all or nothing."""

import numpy as np
import pytest

from claimgap.files import write_arrays_atomic, write_text_atomic


def test_writes_whole_file_and_creates_folders(tmp_path):
    target = write_text_atomic(tmp_path / "a" / "b.txt", "é\n")
    assert target.read_text(encoding="utf-8") == "é\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "b.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "\ud800")  # a lone surrogate cannot be encoded
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.txt"]


def test_arrays_are_written_whole_and_read_back_without_pickle(tmp_path):
    arrays = {"terms": np.array(["a duty", "é"]), "idf": np.array([1.5, 2.0]),
              "indptr": np.array([0, 1, 2], dtype=np.int64)}
    target = write_arrays_atomic(tmp_path / "cache" / "x.npz", arrays)
    with np.load(target, allow_pickle=False) as saved:
        assert sorted(saved.files) == sorted(arrays)
        assert all(np.array_equal(saved[name], arrays[name]) for name in arrays)
    assert [p.name for p in target.parent.iterdir()] == ["x.npz"]


def test_arrays_of_objects_are_refused_and_nothing_is_written(tmp_path):
    target = tmp_path / "x.npz"
    with pytest.raises(ValueError, match="arrays of Python objects are not written"):
        write_arrays_atomic(target, {"ok": np.zeros(2), "bad": np.array([{"a": 1}])})
    assert list(tmp_path.iterdir()) == []
