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

.PHONY: run test fuzz test-faults install install-dev lint format bench migrate messages clean frontend

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
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

## Install and run the whole test suite, on every core (TEST_WORKERS=0 runs it in one process).
## The fuzz crawler covers every form and field once here; `make fuzz` samples for longer.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -m "not faults" -n $(TEST_WORKERS)

## Post every form, as every role, with hostile values for longer than `make test` does (FUZZ_BUDGET_SECONDS).
FUZZ_BUDGET_SECONDS ?= 180
fuzz: install-dev
	FUZZ_BUDGET_SECONDS=$(FUZZ_BUDGET_SECONDS) $(BIN)/pytest tests/fuzz -q

## Kill real workers and database sessions mid-batch (needs PostgreSQL in DATABASE_URL and Redis).
test-faults: install-dev
	$(BIN)/pytest -m faults

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmark the main pages against PostgreSQL loaded by seed_volume (see README).
bench: install-dev
	$(BIN)/python bench/run.py --prepare $(BENCH_ARGS)

## Rebuild the stand app's committed files from npm (static/sw.js, static/vendor/): after changing
## frontend/, or a file the service worker precaches (frontend/build.js lists them). Needs Node.js and npm.
frontend:
	cd frontend && npm ci --no-audit --no-fund && node build.js

## Refresh the English catalogue after adding strings (needs GNU gettext).
messages: install-dev
	$(BIN)/python manage.py makemessages -l en --ignore ".venv/*" --ignore "var/*"
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var
