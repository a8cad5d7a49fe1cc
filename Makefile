# EcoZoning developer commands. `make demo` and `make test` set everything up themselves.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
NP2 := .venv-np2/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

TS := i18n/eco_zoning_zh_CN.ts
QM := $(TS:.ts=.qm)
SOURCES := $(shell git ls-files '*.py' '*.ui' 2>/dev/null | grep -v -E '^(tests|tools|bench)/')

.PHONY: setup test demo bench lint format package deploy screenshots quitcheck translations clean vendor-web

setup: $(STAMP) $(QM)

# The stamp also waits for the numpy 2 environment, so a checkout without it sets it up.
$(STAMP): tools/setup.sh requirements-dev.txt requirements-np2.txt $(if $(wildcard $(NP2)),,np2-missing)
	bash tools/setup.sh
	touch $@

.PHONY: np2-missing
np2-missing: ;

$(QM): $(TS) | $(STAMP)
	lrelease -silent $(TS) -qm $(QM)

# Refresh the .ts from the sources (keeps existing translations); then translate what is new.
translations: $(STAMP)
	pylupdate5 -noobsolete $(SOURCES) -ts $(TS)
	$(PY) tools/i18n_check.py $(TS)

# Both environments run, and either failing fails the target: the whole suite in .venv
# (QGIS 3.22, numpy 1), then the Qt-free core suite in .venv-np2 (numpy 2, pandas >= 2).
test: setup
	@status=0; \
	echo "== .venv: the whole suite (QGIS 3.22, Qt5, numpy 1, plus the Qt6 scan and PyQt6 views)"; \
	$(PY) -m pytest || status=$$?; \
	echo "== .venv-np2: tests/core on numpy 2 / pandas >= 2 / shapely from PyPI"; \
	$(NP2) -m pytest tests/core -p no:cacheprovider || status=$$?; \
	exit $$status

demo: setup
	$(PY) -m tools.demo

bench: setup
	$(PY) -m bench.run
	$(PY) -m bench.postgis_jobs  # the PostGIS column: bench/results_postgis.md

lint: setup
	$(VENV)/bin/ruff check .
	$(PY) -m tools.long_functions
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

# Refresh the map libraries of the web page from npm (pinned in tools/vendor_web.sh).
vendor-web:
	bash tools/vendor_web.sh

clean:
	rm -rf out dist .pytest_cache .ruff_cache $(QM)
