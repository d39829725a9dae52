"""Every notebook runs top to bottom (nbclient). CLAIMGAP_SAVE_FIGURES=1 also refreshes the
README figures in docs/figures/."""

from __future__ import annotations

import pytest

from conftest import NEEDS_SHARED, ROOT, SHARED_RAW

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
NOTEBOOKS = ROOT / "notebooks"


@pytest.mark.parametrize("name", ["01-quickstart.ipynb", "02-corpus-gaps.ipynb",
                                  "03-retrain.ipynb"])
def test_notebook_runs(name):
    if not name.startswith("01") and not (SHARED_RAW / "MANIFEST.json").is_file():
        pytest.skip(NEEDS_SHARED)
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
