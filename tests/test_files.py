"""Atomic text writes: all or nothing."""

import pytest

from claimgap.files import write_text_atomic


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
