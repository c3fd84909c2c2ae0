# Two commands are the whole set-up: `make run` and `make test`.
# Both create .venv with Python 3.11 when it is missing and (re)install the
# project when pyproject.toml changed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SESSIONS ?= sessions

.PHONY: run test check bench check-referentiels clean help

help:
	@echo "make run    - lance siae-tui (sessions dans ./$(SESSIONS))"
	@echo "make test   - vérifications statiques (make check) puis toute la suite de tests"
	@echo "make check  - ruff (lint, format), mypy, contrats d'imports"
	@echo "make bench  - mesure les performances (benchmarks/)"
	@echo "make clean  - supprime .venv et les caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/siae-tui --sessions-dir $(SESSIONS)

# Static checks: lint and format (ruff), types (mypy --strict on the whole package),
# and the layers' import contracts.
check: $(VENV)/.installed-test
	$(BIN)/ruff check siae_tui tests benchmarks
	$(BIN)/ruff format --check siae_tui tests benchmarks
	$(BIN)/mypy --strict siae_tui
	$(BIN)/lint-imports

# The suite on every core (pytest-xdist); skipped tests are listed with their reason (-ra).
test: check
	$(BIN)/python -m pytest -n auto

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks

check-referentiels: $(VENV)/.installed-run
	@for f in referentiel/*.yaml; do $(BIN)/siae-tui referentiel check $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
