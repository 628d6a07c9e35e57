# congdoan — make run | make test | make lint | make lock | make messages
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run setup test bench lint format lock messages clean

$(BIN)/congdoan: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/congdoan node_modules/.package-lock.json

run: setup
	$(BIN)/congdoan migrate --no-input
	$(BIN)/congdoan collectstatic --no-input --verbosity 0
	$(BIN)/congdoan seed-demo --if-empty
	@echo ""
	@echo "congdoan: http://$(HOST):$(PORT)/  (demo logins above; Ctrl+C to stop)"
	@# The background worker (imports, batches) runs beside the web server and stops with it.
	$(BIN)/congdoan db_worker --queue-name '*' & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/congdoan runserver $(HOST):$(PORT)

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL points at one.
test: setup
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$DATABASE_URL"; \
		$(BIN)/pytest -q -p no:cacheprovider; \
	fi

# National-scale figures on PostgreSQL (BENCH_DATABASE_URL; BENCH_MEMBERS, BENCH_GRASSROOTS
# to scale down). The data is built once and reused.
bench: setup
	$(BIN)/congdoan collectstatic --no-input --verbosity 0
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

format: setup
	$(BIN)/ruff format src
	$(BIN)/ruff check --fix src

lock: setup
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock
	npm install --package-lock-only --no-audit --no-fund
	@# The lock keeps names, versions and hashes only: no addresses of any kind.
	$(BIN)/python -c "import json; p='package-lock.json'; d=json.load(open(p)); \
	[v.pop(k, None) for v in d['packages'].values() for k in ('resolved', 'funding')]; \
	open(p, 'w').write(json.dumps(d, indent=2, ensure_ascii=False) + '\n')"

messages: setup
	cd src/congdoan && ../../$(BIN)/congdoan makemessages -l vi --no-obsolete --add-location file
	cd src/congdoan && ../../$(BIN)/congdoan compilemessages -l vi

clean:
	rm -rf $(VENV) node_modules var/static
