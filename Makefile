# Kaigon developer commands. `make run` and `make test` work on a fresh clone.
PORT ?= 8000
HOST ?= 127.0.0.1
PYTHON ?= python3
EXTRAS ?= dev
comma := ,
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
# uv installs the exact versions in uv.lock; pip brings uv into the venv.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv
UV_EXTRAS := $(foreach e,$(subst $(comma), ,$(EXTRAS)),--extra $(e))
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup lock run serve migrate seed test test-fast lint format bench messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(UV): | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet "uv==$(UV_VERSION)"

# --locked fails when pyproject.toml changed without `make lock`; --inexact
# keeps pip and uv, which the lock does not list.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --inexact --quiet $(UV_EXTRAS)
	touch $@

setup: $(STAMP)

# Re-resolve uv.lock after editing dependencies; UPGRADE=1 moves every pin.
lock: | $(UV)
	$(UV) lock $(if $(UPGRADE),--upgrade)

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py docstore_init

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Kaigon is serving on http://$(HOST):$(PORT)/"
	@# The notification mailer (notifications/mail.py) runs beside the server.
	$(PY) manage.py notifications_mail --loop 300 & mailer=$$!; \
	trap 'kill $$mailer' EXIT INT TERM; \
	$(VENV)/bin/daphne --bind $(HOST) --port $(PORT) kaigon.asgi:application

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not e2e"

# Contracts and the checked files are configured in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) bench/run.py

messages: setup
	$(PY) manage.py makemessages --locale zh_Hant --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "build/*"
	$(PY) manage.py makemessages --locale zh_Hant --domain djangojs --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "static/vendor/*" --ignore "build/*"
	$(PY) manage.py compilemessages --locale zh_Hant --ignore ".venv/*"

clean:
	rm -rf $(VENV) var
