# Two entry points for a fresh machine with Python 3.11+: `make demo` and `make test`.
# Each creates .venv on first use; nothing else needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-fast clean

$(BIN)/tamis: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "tamis needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,ray,report-test]'
	touch $@

demo: $(BIN)/tamis
	rm -rf out/demo
	$(BIN)/tamis run examples/pages --output out/demo; status=$$?; \
	  $(BIN)/tamis explain out/demo examples/pages/news-article.txt; \
	  $(BIN)/tamis report out/demo; exit $$status

test: $(BIN)/tamis
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/tamis
	$(BIN)/python -m pytest -q -m "not integration"

clean:
	rm -rf $(VENV) out .pytest_cache
