# Two commands do everything on a fresh Debian machine with Python 3.11 (see README.md):
#   make demo   create .venv, install stepgrad and graphviz's `dot`, run the reference example
#   make test   the same install, then ruff and the whole test suite; its browser tests install
#               chromium and chromium-driver with apt-get (system-wide, as root) when missing.
#               make test NO_BROWSER=1 skips those tests (and the install)
#   make bench  the same install plus the peers, then bench/bench.py (stepgrad vs micrograd and PyTorch)
#   make docs   the same install, then the documentation site (MkDocs-Material, --strict) in build/site
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build
PYTEST_ARGS ?= $(if $(NO_BROWSER),-m "not browser")

.PHONY: demo test install dot lint clean strip figures bench docs

install: $(STAMP) dot

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: apt-get install python3 python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "could not create $(VENV): apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# graphviz's `dot` program renders the SVGs; the Python package alone cannot.
dot:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing graphviz (the dot program) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "graphviz's dot program is missing: run 'sudo apt-get install graphviz' (Debian/Ubuntu)"; \
	    echo "or 'brew install graphviz' (macOS), then run make again"; exit 1; \
	  fi; }
	@dot -V

demo: install
	@mkdir -p $(OUT)
	$(BIN)/stepgrad demo --force --svg $(OUT)/seed000.svg

lint: install
	$(BIN)/ruff check .

test: install lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# docs/commands.md is regenerated from the CLI's parser by the hook docs/hooks/commands.py on every build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(OUT)/site

# Notebooks are committed without outputs (tests/test_notebooks.py checks it): strip before committing.
strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

# Re-draw the README's pictures (docs/*.png) from the notebook cells tagged figure:NAME.
figures: install
	$(BIN)/python docs/export_figures.py

# The peers are pinned: torch==2.13.0 is the CPU build on this machine's disk; any other version
# (or plain `torch`) downloads a multi-GB CUDA build. pyperf and matplotlib are the `bench` extra.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' 'micrograd==0.1.0' 'torch==2.13.0'
	$(BIN)/python bench/bench.py $(BENCH_ARGS)
	$(BIN)/python bench/performance_page.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
