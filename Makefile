# The two commands of the README:  make dev  and  make test.  `make help` lists every target.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help dev test lint translations catalogues bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)  ## Compile the message catalogues
	$(BIN)/pybabel compile --use-fuzzy -d portal/translations --statistics 2>&1 | grep -v '^compiling' || true

dev: $(STAMP) translations  ## Start the portal, its worker and scheduler with demo data (embedded defaults)
	$(BIN)/portal dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

test: $(STAMP) translations node_modules/.installed  ## Set up and run the whole test suite (SQLite, or DATABASE_URL)
	@./tests/e2e/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)  ## Ruff
	$(BIN)/ruff check .

catalogues: $(STAMP)  ## Re-extract the messages and update every catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project "EAEU Cluster Cooperation Portal" -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching

bench: $(STAMP)  ## Run the benchmarks (figures, not pass/fail)
	$(BIN)/python -m tests.bench

clean:  ## Remove the virtualenv and node modules (keeps instance/)
	rm -rf $(VENV) node_modules
