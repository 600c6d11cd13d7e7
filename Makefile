# MotCua. `make help` lists the targets; the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=wsgi.py $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# Two processes a core, two threads each: SQLite in WAL mode serves them all (see benchmarks/).
WEB_WORKERS ?= 4
WEB_THREADS ?= 2
HTMX_VERSION = $(shell node -p "require('./node_modules/htmx.org/package.json').version" 2>/dev/null)
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
# The scale-out tests use this machine's PostgreSQL and Redis (started by `make services` when down);
# set either to empty to leave them out, e.g. `TEST_POSTGRES_URL= make test`.
export TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/motcua_test
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist: a worker a core, each test file whole on one worker (its fixed names stay its own).
PYTEST_PARALLEL ?= -n 2 --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help setup run services test lint format translations translate-update system-deps browser-deps sms-deps bench bench-submit bench-lookup bench-deps bench-province bench-scale lighthouse clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres,redis]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.installed: node_modules/.installed
	rm -rf static/vendor && mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx-$(HTMX_VERSION).min.js
	touch $@

translations: $(VENV)/.installed ## compile the vi and en catalogs
	$(FLASK) translate compile

translate-update: $(VENV)/.installed ## extract new messages into the catalogs
	$(FLASK) translate update

system-deps: ## Debian packages the app needs (DejaVu fonts for the PDF forms)
	@test -f $(FONT) || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core)

browser-deps: system-deps ## Debian's Chromium for the browser tests
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

sms-deps: ## Debian's Kannel (bearerbox, smsbox) and fakesmsc (kannel-extras) for the SMS gateway tests
	@test -x /usr/sbin/bearerbox -a -x /usr/sbin/smsbox -a -x /usr/lib/kannel/test/fakesmsc || \
	  (apt-get update -qq && apt-get install -y -qq kannel kannel-extras)

sign-deps: ## Debian's poppler-utils (pdfsig) and libnss3-tools (certutil): the signed PDFs checked by another validator
	@command -v pdfsig >/dev/null && command -v certutil >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq poppler-utils libnss3-tools)

setup: $(VENV)/.installed static/vendor/.installed translations system-deps ## install everything the app needs

# Links in the demo's SMS point where this serves, unless PUBLIC_URL says otherwise.
run: export PUBLIC_URL ?= http://$(HOST):$(PORT)
run: setup ## install, migrate, load demo data, serve on SQLite with the job consumer
	mkdir -p instance
	$(FLASK) db up
	$(FLASK) seed --prerender --demo-dossiers --history 12
	$(FLASK) signing demo-pki
	@echo ""
	@echo "  MotCua is running at http://$(HOST):$(PORT)/"
	@echo "  Citizens may also sign in with the demo VNeID (invented citizens, no outside service)."
	@echo "  Citizens need no login. Staff log in at http://$(HOST):$(PORT)/can-bo (demo accounts below;"
	@echo "  leaders and admins set up a TOTP code at first login, the demo shows the current one):"
	@$(FLASK) staff demo-accounts | sed 's/^/    /'
	@echo "  Stop with Ctrl+C."
	@echo ""
	$(BIN)/huey_consumer webapp.worker.huey --workers 2 --worker-type thread --max-delay 1 --quiet & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --threads $(WEB_THREADS) --access-logfile - wsgi:app

lint: $(VENV)/.installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed ## ruff format and autofix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

services: ## start this machine's PostgreSQL and Redis for the scale-out tests, if they are down
	@if [ -n "$$TEST_POSTGRES_URL" ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; fi
	@if [ -n "$$TEST_REDIS_URL" ] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no; fi

test: setup browser-deps sms-deps sign-deps node_modules/.installed services lint ## every test: lint, catalogs, SQLite with Redis, then PostgreSQL
	$(FLASK) translate check
	$(BIN)/pytest $(PYTEST_PARALLEL)
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  echo "== again on PostgreSQL ($$TEST_POSTGRES_URL) =="; \
	  TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser and not kannel and not scale_out"; \
	fi

bench: setup bench-deps ## page bytes, requests/s, submissions/s and status lookups/s (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/submit.py
	$(BIN)/python benchmarks/lookup.py

bench-deps: ## wrk, the load generator of the lookup benchmark
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench-lookup: setup bench-deps ## status-lookup requests/s against a bare route on the same gunicorn
	$(BIN)/python benchmarks/lookup.py

bench-submit: setup ## online submissions/s with retries, checked for duplicates and gaps
	$(BIN)/python benchmarks/submit.py

bench-scale: setup services ## statistics, dashboard, queue page and lookup at 10^4, 10^5, 10^6 dossiers (SQLite, PostgreSQL)
	$(BIN)/python benchmarks/scale.py

bench-province: setup services ## two web hosts on PostgreSQL, Redis and files in PostgreSQL under a province's mix: requests/s, p95
	$(BIN)/python benchmarks/province.py

# Lighthouse has a package.json of its own, so `make test` never downloads it.
benchmarks/lighthouse/node_modules/.installed: benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	cd benchmarks/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: setup browser-deps benchmarks/lighthouse/node_modules/.installed ## Lighthouse (Slow 4G and Slow 3G) on home, a procedure, a filing step; offline reload
	CHROME_PATH=/usr/bin/chromium $(BIN)/python benchmarks/lighthouse.py

clean: ## remove the virtualenv, node packages and local data
	rm -rf $(VENV) node_modules benchmarks/lighthouse/node_modules static/vendor instance
