# Two commands for a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= chengwu2026
HOST ?= 127.0.0.1:8000
# pytest-xdist processes for make test (this machine has 2 cores)
TEST_WORKERS ?= 2

.PHONY: run test install install-test superuser demo lint messages bench bench-sweep bench-pages bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# `make run` needs only the runtime packages; the test tools (playwright, schemathesis, ...) come with `make test`.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: install, migrate, build translations, load demo data, serve on http://127.0.0.1:8000
## (HOST=192.168.1.20:8000 serves on that address; e-mail links follow it unless SITE_URL is set; mail goes to media/outbox/)
run: install
	@$(BIN)/python manage.py migrate --noinput -v0
	@$(BIN)/python manage.py compile_translations -v0
	@HOST=$(HOST) $(BIN)/python manage.py seed_demo --password $(DEMO_PASSWORD)
	@echo "Open http://$(HOST)/ and log in with one of the accounts above (password: $(DEMO_PASSWORD))."
	HOST=$(HOST) $(BIN)/python manage.py runserver $(HOST)

## make superuser: a developer account for the Django admin (/admin/); no demo login opens it
superuser: install
	$(BIN)/python manage.py createsuperuser

## make test: install what tests need and run the whole suite (DATABASE_URL chooses the database)
test: install-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py compile_translations --settings=chengwu_cppcc.settings.test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

## make messages: refresh the .po catalogues after changing translatable strings
messages: install-test
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests

## make bench-sweep: time one reminder sweep over 100,000 open assignments on PostgreSQL (not part of make test)
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/chengwu_bench
bench-sweep: install
	dropdb --if-exists -h 127.0.0.1 -U postgres chengwu_bench && createdb -h 127.0.0.1 -U postgres chengwu_bench
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_DB) DJANGO_DEBUG=0 $(BIN)/python bench/sweep_reminders.py

## make bench-pages: a county decade (chengwu_bench_pages) and the demo (chengwu_bench_demo) on PostgreSQL; page timings and query counts
BENCH_PAGES_DB ?= postgres://postgres@127.0.0.1:5432/chengwu_bench_pages
BENCH_DEMO_DB ?= postgres://postgres@127.0.0.1:5432/chengwu_bench_demo
bench-pages: install
	$(BIN)/python manage.py compile_translations
	dropdb --if-exists -h 127.0.0.1 -U postgres chengwu_bench_demo && createdb -h 127.0.0.1 -U postgres chengwu_bench_demo
	DATABASE_URL=$(BENCH_DEMO_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_DEMO_DB) $(BIN)/python manage.py seed_demo --password $(DEMO_PASSWORD) -v0
	dropdb --if-exists -h 127.0.0.1 -U postgres chengwu_bench_pages && createdb -h 127.0.0.1 -U postgres chengwu_bench_pages
	DATABASE_URL=$(BENCH_PAGES_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_PAGES_DB) timeout 600 $(BIN)/python manage.py generate_bench_data --years 10 --seed 1 --password $(DEMO_PASSWORD)
	DATABASE_URL=$(BENCH_DEMO_DB) timeout 600 $(BIN)/python bench/pages.py --label demo
	DATABASE_URL=$(BENCH_PAGES_DB) timeout 600 $(BIN)/python bench/pages.py --label decade --compare bench/results/pages-demo.json

## make bench-load: gunicorn (2 workers) on 127.0.0.1 against chengwu_bench_pages, mixed traffic of the six roles, then baselines
bench-load: install
	DATABASE_URL=$(BENCH_PAGES_DB) DEMO_PASSWORD=$(DEMO_PASSWORD) timeout 300 $(BIN)/python bench/load.py --duration 60 --concurrency 4
