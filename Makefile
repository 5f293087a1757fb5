# The two commands of the quick start:
#   make serve   installs afgld into .venv and serves the dataset on http://127.0.0.1:8080/
#   make test    installs afgld with its test tools (and Debian's chromium) and runs every check
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test install install-test browser servers vendor bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .

serve: install
	$(BIN)/afgld serve

install-test: $(BIN)/python browser servers
	$(BIN)/python -m pip install --quiet --editable '.[test]'

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || sh .ci/install-browser

# nginx for the static mirror's tests, Virtuoso for the remote store's (both from Debian)
servers:
	@test -x /usr/sbin/nginx && command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || sh .ci/install-servers

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

# Our SPARQL endpoint against the Oxigraph server, side by side; the servers compared; load and
# faults against afgld serve (bench/README.md). On 127.0.0.1 only; about 15 minutes.
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[bench]'
	$(BIN)/python bench/sparql_bench.py
	$(BIN)/python bench/server_choice.py
	$(BIN)/python bench/load_bench.py

# Refresh the front-end assets under src/afgld/web/static/vendor/ from npm (package-lock.json).
vendor:
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/vendor_assets.py

clean:
	rm -rf build .venv node_modules
