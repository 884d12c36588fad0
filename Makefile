# The two set-up commands: `make run` serves the demo site, `make test` runs every check.
# Needs only python3 (3.11+) and make; everything else goes into .venv/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test serve lint browser-deps clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@# The task worker (e-mail, webhooks, purges) runs beside gunicorn and stops with it.
	@# The demo shows the site's own 404 and 500 pages; DJANGO_DEBUG=true make run for Django's.
	$(BIN)/python manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# axe-core for the accessibility checks in the browser tests, when npm is here.
browser-deps:
	@if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent || echo "npm ci failed: browser tests will be skipped"; \
	fi

test: $(VENV)/.dev lint browser-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# make backup DIR=/srv/backups/kepu-$(date +%F); make restore DIR=... into an empty DATABASE_URL.
backup: $(VENV)/.runtime
	$(BIN)/python manage.py backup_site $(DIR)

restore: $(VENV)/.runtime
	$(BIN)/python manage.py restore_site $(DIR)

clean:
	rm -rf $(VENV) node_modules static_collected .pytest_cache .ruff_cache
