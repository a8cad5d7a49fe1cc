# EcoZoning developer commands. `make demo` and `make test` set everything up themselves.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

TS := i18n/eco_zoning_zh_CN.ts
QM := $(TS:.ts=.qm)
SOURCES := $(shell git ls-files '*.py' '*.ui' 2>/dev/null | grep -v -E '^(tests|tools|bench)/')

.PHONY: setup test demo bench lint format package deploy screenshots quitcheck translations clean

setup: $(STAMP) $(QM)

$(STAMP): tools/setup.sh requirements-dev.txt
	bash tools/setup.sh
	touch $@

$(QM): $(TS) | $(STAMP)
	lrelease -silent $(TS) -qm $(QM)

# Refresh the .ts from the sources (keeps existing translations); then translate what is new.
translations: $(STAMP)
	pylupdate5 -noobsolete $(SOURCES) -ts $(TS)
	$(PY) tools/i18n_check.py $(TS)

test: setup
	$(PY) -m pytest

demo: setup
	$(PY) tools/demo.py

bench: setup
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

package: setup
	$(PY) tools/package.py

deploy: package
	$(PY) tools/package.py --deploy

screenshots: setup
	bash tools/screenshots.sh

quitcheck: setup
	bash tools/qgis_quit_check.sh

clean:
	rm -rf out dist .pytest_cache .ruff_cache $(QM)
