# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := emulation.settings

.PHONY: run test setup lint format messages bench bench-pg clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	@# The compiled catalogue is committed; refresh it where gettext is installed.
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages -l vi --ignore=.venv -v0; fi

# Serve the demo at http://127.0.0.1:$(PORT) with a Celery worker on the embedded broker;
# -B runs Celery beat inside it (the calendar's reminders, settings.CELERY_BEAT_SCHEDULE).
run: setup
	$(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/celery -A emulation worker -B --loglevel=INFO --concurrency=2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite. With DATABASE_URL / CELERY_BROKER_URL set it runs on PostgreSQL / Redis.
test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh locale/vi from the source strings, then compile (needs gettext's msgfmt).
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore="*/tests/*" --ignore=tests
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

# Scale benchmark (bench/__main__.py): pages and reports on SQLite; bench-pg adds the
# concurrent votes and the registration rush on PostgreSQL (database emulation_bench only).
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/emulation_bench
bench: setup
	$(BIN)/python -m bench

bench-pg: setup
	BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench

clean:
	rm -rf var $(VENV)
