# Kaigon developer commands. `make run` and `make test` work on a fresh clone.
PORT ?= 8000
HOST ?= 127.0.0.1
PYTHON ?= python3
EXTRAS ?= dev
comma := ,
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: setup run serve migrate seed test test-fast lint format bench messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[$(EXTRAS)]"
	touch $@

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py docstore_init

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Kaigon is serving on http://$(HOST):$(PORT)/"
	$(VENV)/bin/daphne --bind $(HOST) --port $(PORT) kaigon.asgi:application

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not e2e"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
