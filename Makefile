# One-command set-up for a fresh clone. Everything installs into .venv with exact pins.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test test-slow bench clean

$(BIN)/claimgap: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e ".[dev]" -c constraints.txt
	touch $(BIN)/claimgap

install: $(BIN)/claimgap

demo: install
	$(BIN)/claimgap score examples/experts-at-hand.txt
	$(BIN)/claimgap score examples/announcement.html --format html --output out/announcement-report.html

test: install
	$(BIN)/pytest -m "not slow" -q

test-slow: install
	# exit 5 = no test is marked slow yet: not a failure
	$(BIN)/pytest -m slow -q || [ $$? -eq 5 ]

bench: install
	$(BIN)/python benchmarks/segment.py
	$(BIN)/python benchmarks/classify.py
	$(BIN)/python benchmarks/score.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) out .pytest_cache
