# The two commands of the quick start:
#   make serve   installs afgld into .venv and serves the dataset on http://127.0.0.1:8080/
#   make test    installs afgld with its test tools (and Debian's chromium) and runs every check
#
# Variables: PYTHON=/path/to/python (default: the first Python 3.11 or newer on the PATH),
# HOST= and PORT= for make serve, BROWSER=0 for make test without the browser tests (nothing is
# installed with apt then).

# The first of these that is Python 3.11 or newer.
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { command -v $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
BROWSER ?= 1

ifeq ($(BROWSER),0)
BROWSER_DEPS :=
PYTEST_ARGS ?= -m "not browser"
else
BROWSER_DEPS := browser
PYTEST_ARGS ?=
endif

.PHONY: serve test install install-test browser servers npm vendor bench clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "afgld needs Python 3.11 or newer: none found on the PATH; give one with PYTHON=/path/to/python" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .

serve: install
	$(BIN)/afgld serve --host $(HOST) --port $(PORT)

install-test: $(BIN)/python $(BROWSER_DEPS) servers
	$(BIN)/python -m pip install --quiet --editable '.[test]'

# Debian's chromium and chromium-driver, for the browser tests only, with apt-get (as root, or
# with sudo): on a fresh Debian 12 that is 26 packages, about 380 MB. Skipped when both are
# already on the PATH; `make test BROWSER=0` never runs it.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || sh .ci/install-browser

# nginx for the static mirror's tests, Virtuoso for the remote store's (both from Debian)
servers:
	@test -x /usr/sbin/nginx && command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || sh .ci/install-servers

# The tests' npm devDependencies, pinned by package-lock.json: Comunica (the Linked Data client
# tests/test_web_clients.py runs against afgld serve) and axe-core (the accessibility rules the
# browser tests inject). `npm ci` runs when node_modules/ is missing or older than the lockfile.
npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js 20 and npm (for the tests' devDependencies in package.json)" >&2; exit 1; }
	npm ci --no-audit --no-fund

test: install-test npm
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

# Our SPARQL endpoint against the Oxigraph server, side by side; the servers compared; load and
# faults against afgld serve; search against its peers, in process and over HTTP
# (bench/README.md). On 127.0.0.1 only; about 30 minutes.
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[bench]'
	$(BIN)/python bench/sparql_bench.py
	$(BIN)/python bench/server_choice.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/search_http_bench.py

# Refresh the front-end assets under src/afgld/web/static/vendor/ from npm (package-lock.json).
vendor:
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/vendor_assets.py

clean:
	rm -rf build .venv node_modules
