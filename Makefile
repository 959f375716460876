# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint format typecheck check-deploy migrations-check bench clean backup restore audit

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Нужен Python 3.11 или новее: $(PYTHON) слишком старый")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

## make run: set up, migrate the SQLite database under var/, load the demo district if empty, serve.
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	@echo "Откройте http://$(HOST):$(PORT)/ (остановить: Ctrl+C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole test suite (browser tests skip without Chromium unless CI=true).
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy mentoring

migrations-check: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: $(VENV)/.installed-dev
	DJANGO_ENV=production SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=nastavnik.example.ru $(BIN)/python manage.py check --deploy --fail-level WARNING

## make bench: page times and query counts (demo district against one grown 300 schools larger), people import,
## the matching engine against greedy and OR-Tools baselines, the whole matching pipeline of a district program, and the
## municipal dashboard and справка over a region (1 000 schools, 300 000 people) against a district.
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/people_import.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/matching_pipeline.py
	$(BIN)/python benchmarks/monitoring.py

## make backup: the database (SQLite copy or pg_dump) and the uploaded files into var/backups/.
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup

## make restore FILE=var/backups/<time>.sqlite3 [FORCE=1]: put a backup back (a database with data only with FORCE=1).
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Укажите файл резервной копии: make restore FILE=var/backups/<время>.sqlite3"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(FORCE),--force)

## make audit: known vulnerabilities in every installed package (pip-audit; a warning, not a failure, when
## the vulnerability database cannot be reached; AUDIT_STRICT=1 makes that a failure too).
audit: $(VENV)/.installed-dev
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
