# Two commands for a fresh machine: `make up` (run the platform) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN := .run

.PHONY: up stop status logs test test-slow unit install browser-deps bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[embedded,test]'
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	$(BIN)/python -m deploy.embedded.stack up --root $(RUN)

stop:
	@test -x $(BIN)/python && $(BIN)/python -m deploy.embedded.stack stop --root $(RUN) || true

status:
	@$(BIN)/python -m deploy.embedded.stack status --root $(RUN)

logs:
	@$(BIN)/python -m deploy.embedded.stack logs --root $(RUN)

# Debian's Chromium and a CJK font for the browser tests (never a browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi -E 'wqy|noto.*cjk' || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

# Bytecode is written for the test run even where the environment sets PYTHONDONTWRITEBYTECODE:
# without it every run recompiles the project and re-rewrites each test module's asserts
# (collection of the unit folder: 4.4 s without, 1.4 s with).
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE

# `make test` (CI) leaves out the tests marked slow (minutes each: the registry's 100,000-row
# import) to stay within CI's 10 minutes on 2 cores; `make test-slow` runs them.
test: $(STAMP) browser-deps
	$(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow" tests

test-slow: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider -m slow tests

unit: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider tests/unit

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean: stop
	rm -rf $(RUN)
