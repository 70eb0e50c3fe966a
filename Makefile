# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# honcho gives each process a PORT of its own (the worker's is PORT+100): the
# links in emails must point at the web process, whatever process writes them.
# honcho also reads .env, whose PORT then becomes the web's: read it the same
# way, so that SITE_URL and the address announced name the port web listens on.
DOTENV_PORT := $(shell sed -n -E 's/^[[:space:]]*(export[[:space:]]+)?PORT[[:space:]]*=[[:space:]]*["'"'"']?([0-9]+).*/\2/p' .env 2>/dev/null | tail -n 1)
ifneq ($(DOTENV_PORT),)
override PORT := $(DOTENV_PORT)
endif
PORT ?= 8000
export PORT
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL

.PHONY: typecheck lock run test test-browser test-all test-newest fuzz test-faults install install-dev lint format bench bench-directory migrate messages api-schema clean frontend

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "lozdev needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements*.txt are lock files (every package, pinned, with its hashes),
# compiled by `make lock` from the direct pins of requirements*.in.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

## Install, migrate, load the demo data, then web + Celery worker + beat (Ctrl-C stops all three).
## The demo accounts sign in without a second factor here (OTP_DEMO_BYPASS, refused in production).
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  lozdev is starting on http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo ""
	OTP_DEMO_BYPASS=1 $(BIN)/honcho start --no-prefix -f Procfile.dev 2>&1 || true

## Install and run the test suite, on every core (TEST_WORKERS=0 runs it in one process):
## everything but the browser tests (`make test-browser`) and the fault tests (`make test-faults`).
## The fuzz crawler covers every form and field once here; `make fuzz` samples for longer.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -m "not faults and not browser" -n $(TEST_WORKERS)

## The browser tests (Playwright on Debian's Chromium, axe-core on every main page); CI runs them.
test-browser: install-dev
	$(BIN)/pytest -m "browser" -n $(TEST_WORKERS)

## Everything `make test` and `make test-browser` run, in one go.
test-all: install-dev
	$(BIN)/pytest -m "not faults" -n $(TEST_WORKERS)

## Post every form, as every role, with hostile values for longer than `make test` does (FUZZ_BUDGET_SECONDS).
FUZZ_BUDGET_SECONDS ?= 180
fuzz: install-dev
	FUZZ_BUDGET_SECONDS=$(FUZZ_BUDGET_SECONDS) $(BIN)/pytest tests/fuzz -q

## The suite without its browser tests on the newest Python this machine has (CI runs it besides `make test`).
# A pyenv installation's own 3.13 first: pyenv's `python3.13` shim fails when 3.13 is not its global version.
PYTHON_NEWEST ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) $(shell command -v python3.13))
VENV_NEWEST := .venv-newest
test-newest:
	@"$(PYTHON_NEWEST)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || { echo "no Python 3.13 at « $(PYTHON_NEWEST) »: set PYTHON_NEWEST"; exit 1; }
	test -x $(VENV_NEWEST)/bin/python || $(PYTHON_NEWEST) -m venv $(VENV_NEWEST)
	$(VENV_NEWEST)/bin/pip install --quiet --require-hashes -r requirements-dev.txt
	$(VENV_NEWEST)/bin/pytest -m "not faults and not browser" -n $(TEST_WORKERS) -q

## Kill real workers and database sessions mid-batch (needs PostgreSQL in DATABASE_URL and Redis).
test-faults: install-dev
	$(BIN)/pytest -m faults

## Recompile the lock files from requirements*.in (after changing a pin there).
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

## ruff, ruff-format, django-upgrade and djlint, as `.pre-commit-config.yaml` pins them.
lint: install-dev
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

## mypy with django-stubs on the service and selector modules ([tool.mypy] in pyproject.toml lists them).
typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmark the main pages against PostgreSQL loaded by seed_volume (see README).
bench: install-dev
	$(BIN)/python bench/run.py --prepare $(BENCH_ARGS)

## The SIRENE directory at DIRECTORY_ROWS generated establishments: load, suggestions, targeting.
DIRECTORY_ROWS ?= 200000
bench-directory: install-dev
	$(BIN)/python bench/directory.py --rows $(DIRECTORY_ROWS)

## Write the API's OpenAPI description to api/openapi.yaml (commit it: a test compares it with the code).
api-schema: install-dev
	$(BIN)/python manage.py spectacular --file api/openapi.yaml --validate --fail-on-warn

## Rebuild the stand app's committed files from npm (static/sw.js, static/vendor/): after changing
## frontend/, or a file the service worker precaches (frontend/build.js lists them). Needs Node.js and npm.
frontend:
	cd frontend && npm ci --no-audit --no-fund && node build.js

## Refresh the English catalogue after adding strings (needs GNU gettext).
messages: install-dev
	$(BIN)/python manage.py makemessages -l en --ignore ".venv/*" --ignore "var/*"
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) $(VENV_NEWEST) var
