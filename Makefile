# Caucus: `make run` serves the demo site, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# The PostgreSQL the test suite also runs on when it answers (trust auth on this machine kind).
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: run serve test test-fast test-sqlite test-postgres install install-dev lock chromium cluster-tools cluster lint format bench messages api-check

$(PY):
	@python=$$(bin/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

# The locks pin every package with the SHA-256 of its files (made by `make lock`), and pip
# installs them with --require-hashes: a file that differs from the one locked is refused.
$(VENV)/.runtime: requirements.lock | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## lock: rewrite both locks from pyproject.toml with hashes (bin/lock, pip-tools in a venv of
## its own); pinned versions stay unless LOCK_ARGS=--upgrade or "--upgrade-package NAME"
lock:
	bin/lock $(LOCK_ARGS)

## run: create the environment, migrate SQLite, load the demo coalition, serve on :8000 (PORT=...)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	CAUCUS_DEMO=true $(PY) manage.py loaddemo
	@echo "Serving on http://127.0.0.1:$${PORT:-8000} (granian + task worker); emails: http://127.0.0.1:$${PORT:-8000}/dev/outbox/; Ctrl-C stops both."
	CAUCUS_DEMO=true PY=$(PY) bin/serve

serve: install
	PY=$(PY) bin/serve

## chromium: Debian's Chromium for the browser tests (Playwright never downloads one here)
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

## cluster-tools: Debian's HAProxy, Redis and PostgreSQL server programs for the local cluster
## (like chromium: installed when missing; the cluster runs private instances of its own)
cluster-tools:
	@missing=""; command -v haproxy >/dev/null || missing="$$missing haproxy"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

## cluster: the reference production topology on this machine (HAProxy, two app servers, two
## task workers, private PostgreSQL and Redis, SMTP sink); Ctrl-C stops it. CLUSTER_ARGS=--fresh
cluster: install cluster-tools
	PY=$(PY) bin/cluster $(CLUSTER_ARGS)

## test: the whole suite on SQLite, then on PostgreSQL when it answers
test: install-dev chromium
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) bin/pg-reachable "$(TEST_PG_URL)"; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL at $(TEST_PG_URL) does not answer: skipped the PostgreSQL run."; fi

## test-fast: the suite without the browser journeys, on SQLite (day-to-day work)
test-fast: install-dev
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

test-sqlite:
	@echo "=== Test suite on SQLite ==="
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres:
	@echo "=== Test suite on PostgreSQL ==="
	DATABASE_URL=$(TEST_PG_URL) $(PY) -m pytest -n 2 $(PYTEST_ARGS)

## api-check: schemathesis with every check (-c all) against a demo server, anonymous and with
## tokens (bin/api-check; API_CHECK_EXAMPLES=10 for a shorter run)
api-check: install-dev
	PY=$(PY) bin/api-check

## lint: ruff, the import contracts of pyproject.toml (layers; views only from URLconfs), mypy
lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## messages: extract strings into the catalogs and compile them
messages: install-dev
	$(PY) manage.py makemessages -l es -l tr -l ar -l el -l it -l pt_BR -l az --ignore=.venv --ignore=var --ignore=test-artifacts --ignore='*/tests/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

bench: install-dev
	@for b in bench/*.py; do echo "=== $$b ==="; $(PY) $$b || exit 1; done
