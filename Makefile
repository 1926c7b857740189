# chudong: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Keep compiled bytecode (__pycache__, ignored by git): with PYTHONDONTWRITEBYTECODE set, as
# on some machines, every test worker and every subprocess compiles the whole project and
# pytest rewrites every test module again (about 8 s of a core each).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install lint format messages clean bench-data bench

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-virtualenv -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the embedded SQLite database, load demo data when empty,
## start the task worker, serve http://127.0.0.1:8000 and print the demo logins.
run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo --no-logins
	@echo ""
	@echo "chudong is starting on http://127.0.0.1:8000  (Ctrl+C to stop)"
	@bash scripts/serve.sh

TEST_WORKERS ?= auto
# Work stealing: an idle worker takes tests queued on a busy one; tests/conftest.py puts
# the known long tests at the head of each worker's share.
TEST_DIST ?= worksteal

## make test: ruff lint and format check, then the whole suite (SQLite by default,
## PostgreSQL when DATABASE_URL is set). Browser tests run when Chromium is installed.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	mkdir -p var
	@# The migration check runs beside the suite, whose first worker spends a core for a
	@# minute or two migrating the template database on a clean clone; both must pass.
	$(PY) manage.py makemigrations --check --dry-run -v0 > var/migration-check.log 2>&1 & \
	check=$$!; \
	CHUDONG_TESTING=1 $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist $(TEST_DIST); suite=$$?; \
	wait $$check; migrations=$$?; cat var/migration-check.log; \
	if [ $$migrations -ne 0 ]; then echo "makemigrations --check failed (above)"; fi; \
	[ $$suite -eq 0 ] && [ $$migrations -eq 0 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

## make bench-data SCALE=1: (re)create the national benchmark dataset in PostgreSQL
## (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/chudong_bench).
SCALE ?= 1
bench-data: install
	$(PY) -m bench.generate --scale $(SCALE)

## make bench: serve the dataset with gunicorn on loopback and measure every page against
## its floor (docs/performance.md); exits non-zero when a target is missed.
bench: install
	$(PY) -m bench.run
