# make run  : set everything up, ingest the bundled sample into a fresh database, print events
# make test : set everything up, run the test suite (CI calls this through .ci/run)
# A second call skips what is done (stamp files in .venv/).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.tocsin-installed
SAMPLE_DB := out/sample.duckdb

.PHONY: install run test test-all eval bench models gazetteer assets browser clean help

help:
	@echo "make run | make test | make eval | make bench | make models | make gazetteer | make clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) assets

assets: $(STAMP)
	@bash scripts/dashboard_assets.sh

browser:
	@bash scripts/install_browser.sh

run: install
	@mkdir -p out
	@rm -f $(SAMPLE_DB) $(SAMPLE_DB).wal
	$(BIN)/tocsin ingest samples/ --db $(SAMPLE_DB) --quiet
	$(BIN)/tocsin events --db $(SAMPLE_DB) --limit 100
	@echo
	@echo "Query:  $(BIN)/tocsin events --db $(SAMPLE_DB) --type ASSAULT --country NGA"
	@echo "Export: $(BIN)/tocsin export --db $(SAMPLE_DB) --format geojson --out out/events.geojson"
	@echo "Serve:  $(BIN)/tocsin serve --db $(SAMPLE_DB)   # then open http://127.0.0.1:8000/"

test: install browser
	$(BIN)/python -m pytest

test-all: install browser
	$(BIN)/python -m pytest -m ''

eval: install
	$(BIN)/python -m tocsin.eval.run_all

bench: install
	$(BIN)/python benchmarks/throughput.py --json out/throughput.json
	$(BIN)/python benchmarks/geo_overhead.py
	$(BIN)/python benchmarks/load_api.py --events 1000000 --requests 2000 --seconds 540 --report

models: install   # rebuild the committed tables and the event typer (needs ../shared)
	$(BIN)/python -m tocsin.coding.crosswalk build ../shared/data/lexicons/plover/CAMEO2PLOVER-2021.txt
	$(BIN)/python -m tocsin.coding.build_tables
	$(BIN)/python -m tocsin.coding.train

gazetteer: install   # build the offline GeoNames index ahead of first use
	$(BIN)/tocsin geo build

clean:
	rm -rf out .pytest_cache build *.egg-info
